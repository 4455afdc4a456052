import * as z from 'zod';

import { request } from '../ipc';
import type { ProfileView } from '../profiles';

/** `profiles.setSecret` (merged into `common/contract.ts`): what the "this connection needs its secret" prompt sends. */
export const profileSecretRequests = {
  'profiles.setSecret': request<ProfileView>()(
    z
      .object({
        id: z.uuid(),
        secret: z.string().min(1).max(4096),
        /** The OS keychain, or this session only (gone when Vantage quits). */
        keep: z.enum(['keychain', 'session']),
      })
      .strict(),
    'Gives a profile its secret (after SECRET_REQUIRED) without editing anything else.',
  ),
};
