import * as z from 'zod';

import type { AppInfo, Diagnostics, Notice } from './app';
import type { ConnectionVerdict } from './connection';
import { event, request, type Api } from './ipc';
import { ProfileInputSchema, type ProfileView } from './profiles';

/** No argument. */
const none = z.undefined();
const id = z.uuid();
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
      z.object({ id, fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }).strict(),
      "Pins the server's certificate if it still has the fingerprint the user saw.",
    ),

    'demo.open': request<ProfileView[]>()(
      none,
      'Starts the built-in lab in-process and creates (or re-points) one profile per vendor.',
    ),
  },
  events: {
    'app.notice': event<Notice>('A message from main for the user (a degraded subsystem, a finished task).'),
    'profiles.changed': event<{ ids: string[] }>(
      'Profiles were added, edited or removed: re-fetch the list.',
    ),
  },
  streams: {},
} as const;

export type VantageContract = typeof contract;
export type VantageApi = Api<VantageContract>;
