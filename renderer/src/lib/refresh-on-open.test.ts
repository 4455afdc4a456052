import { describe, expect, it } from 'vitest';

import type { InventoryStatus } from '../../../common/inventory';
import { profilesToRefresh } from './refresh-on-open';

const now = Date.parse('2026-12-07T12:00:00Z');
const status = (
  profileId: string,
  state: InventoryStatus['state'],
  minutesAgo?: number,
): InventoryStatus => ({
  profileId,
  state,
  count: 1,
  generation: 1,
  ...(minutesAgo === undefined ? {} : { fetchedAt: new Date(now - minutesAgo * 60_000).toISOString() }),
});

describe('refresh on open', () => {
  const statuses = [
    status('old-cache', 'cached', 30),
    status('fresh-cache', 'cached', 2),
    status('old-ok', 'ok', 6),
    status('failed', 'failed', 60),
    status('loading', 'loading', 60),
    status('never', 'empty'),
  ];
  it('re-reads what is older than the set age, nothing else', () => {
    expect(profilesToRefresh(statuses, { enabled: true, ageMinutes: 5 }, now)).toEqual([
      'old-cache',
      'old-ok',
    ]);
    expect(profilesToRefresh(statuses, { enabled: true, ageMinutes: 10 }, now)).toEqual(['old-cache']);
  });
  it('does nothing when turned off', () => {
    expect(profilesToRefresh(statuses, { enabled: false, ageMinutes: 5 }, now)).toEqual([]);
  });
});
