import * as z from 'zod';

import { request } from '../ipc';

/** A view's table choices that outlive a restart: which columns, in which order, and how wide. */
export const ViewPrefsSchema = z
  .object({
    columns: z.array(z.string().min(1).max(64)).max(100).optional(),
    widths: z.record(z.string().min(1).max(64), z.number().int().min(24).max(4000)).optional(),
  })
  .strict();
export type ViewPrefs = z.infer<typeof ViewPrefsSchema>;

const view = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a view id');

/** The `viewPrefs.*` requests, merged into the contract (common/contract.ts). */
export const viewPrefsRequests = {
  'viewPrefs.get': request<ViewPrefs>()(
    z.object({ view }).strict(),
    'A view’s remembered columns and widths (empty when none were saved).',
  ),
  'viewPrefs.set': request<null>()(
    z.object({ view, prefs: ViewPrefsSchema }).strict(),
    'Remembers a view’s columns and widths in the data directory.',
  ),
};
