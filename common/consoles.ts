import * as z from 'zod';

import type { Machine } from './machines';

/**
 * How the viewer fits the remote screen into its tab: scaled to fit, one remote pixel per screen pixel (scroll
 * bars when larger), or the remote desktop resized to the tab (needs the server's ExtendedDesktopSize support).
 */
export const SCALING_MODES = ['fit', 'native', 'remote'] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];

/** What Vantage remembers per machine about its console (never a secret). */
export const ConsoleSettingsSchema = z
  .object({
    scaling: z.enum(SCALING_MODES),
    /** JPEG quality noVNC asks for, 0 (smallest) to 9 (best). */
    quality: z.number().int().min(0).max(9),
    /** zlib compression level noVNC asks for, 0 (none, fastest) to 9 (most). */
    compression: z.number().int().min(0).max(9),
    viewOnly: z.boolean(),
  })
  .strict();
export type ConsoleSettings = z.infer<typeof ConsoleSettingsSchema>;

/** noVNC's own defaults (quality 6, compression 2), scaled to fit. */
export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  scaling: 'fit',
  quality: 6,
  compression: 2,
  viewOnly: false,
};

export interface ConsolePreferences {
  settings: ConsoleSettings;
  /** A VNC password for this machine is in the OS keychain (the password itself never leaves main). */
  passwordSaved: boolean;
}

/** What a machine's console is, decided from the inventory row alone (no network), so the UI can say it up front. */
export type ConsoleSupport =
  | { kind: 'vnc' }
  | { kind: 'external'; application: string; explanation: string }
  | { kind: 'none'; reason: string };

const UNITRENDS_TYPE = /\.(wir|vm_ir|hv_ir|appliance_ir)(?:@\d+)?$/;
const RUNNING = new Set(['running', 'paused']);

export const VMRC = 'VMware Remote Console';

export function consoleSupport(machine: Machine): ConsoleSupport {
  switch (machine.vendor) {
    case 'vcenter':
      return {
        kind: 'external',
        application: VMRC,
        explanation:
          'Embedded vCenter consoles (WebMKS) need VMware’s own protocol extensions, which Vantage does not support ' +
          `yet. Vantage can ask vCenter for a one-time ticket and open ${machine.name} in ${VMRC} instead.`,
      };
    case 'danube':
      return {
        kind: 'none',
        reason:
          'Danube Cloud has no console API: its web interface shows consoles through Apache Guacamole on the ' +
          'compute node. Open the console from the Danube Cloud web interface.',
      };
    case 'ibm-br':
      return {
        kind: 'none',
        reason: 'IBM Cloud Backup and Recovery protects objects; it runs no machine, so there is no console.',
      };
    case 'comodit':
      return RUNNING.has(machine.power)
        ? { kind: 'vnc' }
        : {
            kind: 'none',
            reason: `A ComodIT instance has a console while it is running or paused; ${machine.name} is ${machine.vendorState}.`,
          };
    case 'unitrends': {
      const type = UNITRENDS_TYPE.exec(machine.vendorId)?.[1];
      if (type === 'vm_ir' || type === 'hv_ir')
        return {
          kind: 'none',
          reason:
            'This instant-recovery session runs on a VMware or Hyper-V host: open its console there (vSphere or ' +
            'Hyper-V Manager). Only machines the appliance runs itself have a console on the appliance.',
        };
      return machine.power === 'running'
        ? { kind: 'vnc' }
        : {
            kind: 'none',
            reason: `The appliance serves a console only while the machine runs (audit or live mode); ${machine.name} is ${machine.vendorState || machine.power}.`,
          };
    }
  }
}

/*
 * The console stream (`consoles.open`) carries RFB bytes as ArrayBuffers, and a few control messages beside them
 * (see common/ipc.ts `StreamControl`). main performs the VNC authentication itself, so that a vendor token or a
 * saved password never reaches the page; the page's noVNC sees a server that needs no authentication.
 */

/** main → page: the server wants a VNC password and main has none (no vendor token, nothing saved). */
export interface CredentialsRequest {
  type: 'credentials';
}

/** main → page: something the user should know that does not end the console (e.g. the keychain refused a save). */
export interface ConsoleNotice {
  type: 'notice';
  message: string;
}

export type ConsoleControlToPage = CredentialsRequest | ConsoleNotice;

/** page → main: the password the user typed, and whether to keep it in the OS keychain once it works. */
export const CredentialsAnswerSchema = z
  .object({ type: z.literal('credentials'), password: z.string().max(1024), remember: z.boolean() })
  .strict();

/** page → main: bytes the page has handed to noVNC since its last ack (flow control, see CONSOLE_FLOW). */
export const AckSchema = z
  .object({
    type: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  })
  .strict();

export const ConsoleControlFromPageSchema = z.discriminatedUnion('type', [
  CredentialsAnswerSchema,
  AckSchema,
]);
export type ConsoleControlFromPage = z.infer<typeof ConsoleControlFromPageSchema>;

/**
 * Flow control for server → page bytes: MessagePorts have no backpressure, so the page acknowledges what noVNC has
 * consumed and main stops reading the VNC socket while too much is unacknowledged (TCP then slows the server).
 */
export const CONSOLE_FLOW = {
  /** The page acknowledges after this many bytes consumed. */
  ackEveryBytes: 256 * 1024,
  /** main pauses the socket above this many unacknowledged bytes, and resumes below half of it. */
  pauseAboveBytes: 4 * 1024 * 1024,
} as const;
