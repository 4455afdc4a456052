import { describe, expect, it } from 'vitest';

import type { ProtectionGroup } from '../../../../../common/contract/protection';
import {
  duration,
  EMPTY_FILTER,
  filterGroups,
  sortGroups,
  statuses,
  type GroupFilter,
  type GroupSortKey,
} from './groups-view';

const visibleGroups = (
  groups: ProtectionGroup[],
  filter: GroupFilter,
  sortBy: GroupSortKey,
  descending: boolean,
) => filterGroups(sortGroups(groups, sortBy, descending), filter);

const group = (
  name: string,
  status: string | undefined,
  extra: Partial<ProtectionGroup> = {},
): ProtectionGroup => ({
  profileId: 'p1',
  profileName: 'IBM',
  id: `1:1:${name.length}`,
  name,
  environment: 'kPhysical',
  policyId: '1:1:9',
  policyName: 'Gold',
  objectCount: name.length,
  paused: false,
  ...(status
    ? {
        lastRun: {
          id: '1:1',
          type: 'kRegular',
          status,
          startedAt: '2026-01-01T00:00:00.000Z',
          endedAt: '2026-01-01T01:05:00.000Z',
          succeeded: 1,
          failed: 0,
          cancelled: 0,
          messages: [],
          onLegalHold: false,
        },
      }
    : {}),
  ...extra,
});

const all = [
  group('Web-Files-01', 'Succeeded'),
  group('HR-Volumes-10', 'Failed'),
  group('Prod-Files-3', 'Failed', { paused: true, objectCount: 40 }),
  group('New', undefined),
];

describe('protection groups view', () => {
  it('filters by last-run status (never ran included), paused and text, and sorts', () => {
    const failed = visibleGroups(all, { ...EMPTY_FILTER, status: 'Failed' }, 'name', false);
    expect(failed.map((g) => g.name)).toEqual(['HR-Volumes-10', 'Prod-Files-3']);
    expect(visibleGroups(all, { ...EMPTY_FILTER, status: 'none' }, 'name', false).map((g) => g.name)).toEqual(
      ['New'],
    );
    expect(
      visibleGroups(all, { ...EMPTY_FILTER, paused: 'paused' }, 'name', false).map((g) => g.name),
    ).toEqual(['Prod-Files-3']);
    expect(
      visibleGroups(all, { ...EMPTY_FILTER, text: 'files' }, 'objects', true).map((g) => g.name),
    ).toEqual(['Prod-Files-3', 'Web-Files-01']);
    expect(statuses(all)).toEqual(['Failed', 'Succeeded', 'none']);
  });

  it('keeps a listing that comes sorted as it is, and sorts one that does not, on a copy', () => {
    const byName = ['HR-Volumes-10', 'New', 'Prod-Files-3', 'Web-Files-01'];
    const sorted = sortGroups(all, 'name', false);
    expect(sorted.map((g) => g.name)).toEqual(byName);
    const again = sortGroups(sorted, 'name', false);
    expect(again).not.toBe(sorted);
    expect(again.map((g) => g.name)).toEqual(byName);
    expect(sortGroups(sorted, 'name', true).map((g) => g.name)).toEqual([...byName].reverse());
    expect(all.map((g) => g.name)[0]).toBe('Web-Files-01');
  });

  it('says how long a run took', () => {
    expect(duration(all[0]?.lastRun)).toBe('1h 05m');
    expect(duration({ startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:02:03Z' })).toBe('2m 03s');
    expect(duration(undefined)).toBe('');
  });
});
