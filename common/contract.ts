import * as z from 'zod';

import type { AppInfo, Diagnostics, Notice } from './app';
import type { ConnectionVerdict } from './connection';
import { ConsoleSettingsSchema, type ConsolePreferences } from './consoles';
import type { AuditEntry, InventoryRows, InventorySnapshot, InventoryStatus, Task } from './inventory';
import type { ActionSpec, MachineDetails } from './machines';
import { guestRequests } from './contract/guest';
import { instancesRequests } from './contract/instances';
import { protectionAdminRequests } from './contract/protection-admin';
import { statusSidesRequests } from './contract/status-sides';
import { event, request, stream, type Api } from './ipc';
import { ProfileInputSchema, type ProfileView } from './profiles';
import { viewPrefsRequests } from './contract/view-prefs';
import type { CertificateInfo } from './tls';
import { profileSecretRequests } from './contract/profile-secrets';
import { settingsEvents, settingsRequests } from './contract/settings';
import { sessionsEvents, sessionsRequests } from './contract/sessions';
import { downloadsEvents, downloadsRequests } from './contract/downloads';
import { restoreEvents, restoreRequests } from './contract/restore';
import { protectionRequests } from './contract/protection';

/** No argument. */
const none = z.undefined();
const id = z.uuid();
const machineId = z.string().min(3).max(600);
const fingerprint256 = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
const auditFilter = z
  .object({
    profileId: id.optional(),
    outcome: z.enum(['succeeded', 'failed', 'cancelled', 'refused']).optional(),
    text: z.string().max(200).optional(),
    since: z.iso.datetime().optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
const secretChange = {
  /** A new secret (password or API key); `null` forgets the saved one; absent keeps it. */
  secret: z.string().min(1).max(4096).nullable().optional(),
  /** Where to keep a new secret. */
  keep: z.enum(['keychain', 'session']).optional(),
};

/**
 * The one IPC contract: every request, event and stream between the renderer and main. The preload, main's wrapper
 * and the browser harness are all derived from it; a channel that is not here does not exist.
 */
export const contract = {
  requests: {
    'app.info': request<AppInfo>()(none, 'Version, platform, data directory and runtime versions.'),
    'app.diagnostics': request<Diagnostics>()(none, 'Which subsystems are usable: keychain, network, disk.'),

    'profiles.list': request<ProfileView[]>()(none, 'Every connection profile (no secrets).'),
    'profiles.create': request<ProfileView>()(
      z.object({ profile: ProfileInputSchema, ...secretChange }).strict(),
      'Adds a profile; its secret goes to the keychain (or this session only).',
    ),
    'profiles.update': request<ProfileView>()(
      z.object({ id, profile: ProfileInputSchema, ...secretChange }).strict(),
      'Edits a profile and optionally replaces or forgets its secret.',
    ),
    'profiles.duplicate': request<ProfileView>()(
      z.object({ id }).strict(),
      'Copies a profile (without its secret).',
    ),
    'profiles.remove': request<null>()(z.object({ id }).strict(), 'Deletes a profile and its keychain item.'),
    'profiles.export': request<{ fileName: string; json: string }>()(
      z.object({ ids: z.array(id).max(1000).optional() }).strict(),
      'Profiles as a JSON file, without secrets.',
    ),
    'profiles.import': request<ProfileView[]>()(
      z.object({ json: z.string().max(2 * 1024 * 1024) }).strict(),
      'Adds the profiles of an export file, all or none.',
    ),
    'profiles.test': request<ConnectionVerdict>()(
      z.object({ id }).strict(),
      'Signs in and reads: reachable, certificate, credentials, permissions, API version.',
    ),
    'profiles.trust': request<ProfileView>()(
      z.object({ id, fingerprint256 }).strict(),
      "Pins the server's certificate if it still has the fingerprint the user saw.",
    ),
    'profiles.chooseCa': request<CertificateInfo | null>()(
      z.object({ id }).strict(),
      "Opens main's file dialog for a CA certificate and shows what it is (null: cancelled); nothing is trusted yet.",
    ),
    'profiles.confirmCa': request<ProfileView>()(
      z.object({ id, fingerprint256: fingerprint256.nullable() }).strict(),
      'Adds the CA just chosen if it has the fingerprint the user confirmed; null removes the custom CA.',
    ),

    'inventory.snapshot': request<InventorySnapshot>()(
      none,
      'Every machine known now (cached or fresh) and each profile’s status.',
    ),
    'inventory.refresh': request<null>()(
      z.object({ profileIds: z.array(id).max(1000).optional() }).strict(),
      'Re-reads some profiles (or all); rows stream as inventory.rows events.',
    ),
    'inventory.details': request<MachineDetails>()(
      z.object({ id: machineId }).strict(),
      'Every vendor field of one machine.',
    ),
    'inventory.actions': request<{ actions: Record<string, ActionSpec[]>; readOnly: string[] }>()(
      z.object({ ids: z.array(machineId).min(1).max(100_000) }).strict(),
      'What each machine’s state allows, and which of them are in read-only profiles.',
    ),
    'inventory.autoRefresh': request<null>()(
      z.object({ seconds: z.number().int().min(0).max(86_400) }).strict(),
      'Refreshes every profile on an interval (0: off), backing off after failures.',
    ),
    'tasks.run': request<{ batchId: string; taskIds: string[] }>()(
      z
        .object({
          machineIds: z.array(machineId).min(1).max(10_000),
          actionId: z.string().min(1).max(64),
          options: z.record(z.string(), z.unknown()).default({}),
          confirmCount: z.number().int().optional(),
        })
        .strict(),
      'Runs an action on machines; each becomes a task followed to its end.',
    ),
    'tasks.list': request<Task[]>()(none, 'Running and recent tasks, newest first.'),
    'tasks.cancel': request<null>()(z.object({ id }).strict(), 'Cancels a task where the vendor allows it.'),
    'audit.list': request<AuditEntry[]>()(auditFilter, 'Audit entries, newest first.'),
    'audit.export': request<{ fileName: string; csv: string }>()(
      auditFilter,
      'The filtered audit log as CSV.',
    ),

    'consoles.preferences': request<ConsolePreferences>()(
      z.object({ machineId }).strict(),
      'A machine’s remembered viewer settings, and whether its VNC password is saved (never the password).',
    ),
    'consoles.saveSettings': request<null>()(
      z.object({ machineId, settings: ConsoleSettingsSchema }).strict(),
      'Remembers a machine’s viewer settings (scaling, quality, compression, view-only).',
    ),
    'consoles.forgetPassword': request<null>()(
      z.object({ machineId }).strict(),
      'Deletes the VNC password saved in the keychain for a machine.',
    ),
    'consoles.launchExternal': request<{ application: string }>()(
      z.object({ machineId }).strict(),
      'Opens a console that lives in another application (vCenter: VMware Remote Console, from a one-time ticket that stays in main).',
    ),

    ...guestRequests,
    ...instancesRequests,
    ...statusSidesRequests,

    ...sessionsRequests,
    'demo.open': request<ProfileView[]>()(
      none,
      'Starts the built-in lab in-process and creates (or re-points) one profile per vendor.',
    ),
    ...viewPrefsRequests,
    ...profileSecretRequests,
    ...settingsRequests,
    ...downloadsRequests,
    ...restoreRequests,
    ...protectionAdminRequests,
    ...protectionRequests,
  },
  events: {
    'app.notice': event<Notice>('A message from main for the user (a degraded subsystem, a finished task).'),
    'profiles.changed': event<{ ids: string[] }>(
      'Profiles were added, edited or removed: re-fetch the list.',
    ),
    'inventory.rows': event<InventoryRows>('A page of machines from a refresh, or one updated row.'),
    'inventory.status': event<InventoryStatus>(
      'A profile’s inventory started, finished or failed refreshing.',
    ),
    'tasks.updated': event<Task>('A task was queued, progressed or ended.'),
    'tasks.finished': event<Task>('A task ended: the desktop notification.'),
    ...settingsEvents,
    ...sessionsEvents,
    ...downloadsEvents,
    ...restoreEvents,
  },
  streams: {
    'consoles.open': stream(
      z.object({ machineId }).strict(),
      'A machine’s VNC console: main resolves the endpoint through the connector, connects and authenticates; the port carries the RFB stream of the authenticated session (see common/consoles.ts).',
    ),
  },
} as const;

export type VantageContract = typeof contract;
export type VantageApi = Api<VantageContract>;
