import * as z from 'zod';

import { GuestCredentialsSchema, GuestRunSchema, type GuestProcessRow, type GuestRunRow } from '../guest';
import { request } from '../ipc';

const machineId = z.string().min(3).max(600);

/** Run in guest (vCenter): programs with their output, process lists, guest credentials in the keychain. */
export const guestRequests = {
  'guest.run': request<GuestRunRow[]>()(
    GuestRunSchema,
    'Runs a command in each machine’s guest (one task each) and answers one row per machine once all have ended.',
  ),
  'guest.processes': request<GuestProcessRow[]>()(
    z.object({ machineId, credentials: GuestCredentialsSchema.optional() }).strict(),
    'The processes running in a machine’s guest.',
  ),
  'guest.kill': request<null>()(
    z
      .object({ machineId, pid: z.number().int().min(1), credentials: GuestCredentialsSchema.optional() })
      .strict(),
    'Ends a process in a machine’s guest (a task with an audit entry).',
  ),
  'guest.saveCredentials': request<null>()(
    z
      .object({
        /** A machine, or a whole profile (its default). */
        scope: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('machine'), machineId }).strict(),
          z.object({ kind: z.literal('profile'), profileId: z.uuid() }).strict(),
        ]),
        /** `null` forgets them. */
        credentials: GuestCredentialsSchema.nullable(),
      })
      .strict(),
    'Keeps guest credentials in the keychain for a machine or as a profile default (never sent back).',
  ),
  'guest.hasCredentials': request<{ machine: boolean; profile: boolean }>()(
    z.object({ machineId }).strict(),
    'Whether guest credentials are saved for the machine or its profile (never the credentials).',
  ),
} as const;
