import * as z from 'zod';

import { request } from '../ipc';

/** One side of a VM's status: what a source says, or why it could not say it. */
export type StatusSide = { status: string; since?: string; note?: string } | { error: string };

/** Danube (seed 002): the status recorded in its database and the one the compute node reports now. */
export interface StatusSides {
  recorded: StatusSide;
  node: StatusSide;
}

export const statusSidesRequests = {
  'inventory.statusSides': request<StatusSides>()(
    z.object({ machineId: z.string().min(3).max(600) }).strict(),
    'A Danube VM’s status from the database and its current status from the compute node, side by side.',
  ),
} as const;
