import { expect } from 'vitest';

import type { Machine } from '../../common/machines';
import type { Connector } from './types';

/**
 * Tests only: a listing aborted before it starts hands over nothing, and one aborted after its first page stops
 * there, both with CANCELLED.
 */
export async function expectListingStopsWhenCancelled(connector: Connector): Promise<void> {
  const before = new AbortController();
  before.abort();
  const none: Machine[][] = [];
  await expect(connector.listMachines((p) => none.push(p), before.signal)).rejects.toMatchObject({
    code: 'CANCELLED',
  });
  expect(none).toEqual([]);
  const during = new AbortController();
  const seen: Machine[][] = [];
  const listing = connector.listMachines((page) => {
    seen.push(page);
    during.abort();
  }, during.signal);
  await expect(listing).rejects.toMatchObject({ code: 'CANCELLED' });
  expect(seen.length).toBe(1);
}
