import { describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import {
  filterRows,
  groupRows,
  isGroup,
  scopeKey,
  scopeOptions,
  sortKey,
  sortRows,
  COLUMNS,
  type Filters,
} from './inventory-view';

const machine = (i: number, extra: Partial<Machine> = {}): Machine => ({
  id: `p${i % 2}/vm-${i}`,
  profileId: `p${i % 2}`,
  vendor: i % 2 ? 'danube' : 'vcenter',
  vendorId: `vm-${i}`,
  kind: 'vm',
  name: `web-prod-${String(i).padStart(3, '0')}`,
  power: i % 3 ? 'running' : 'stopped',
  vendorState: '',
  host: `host-${i % 4}`,
  addresses: [`10.0.${i}.1`],
  tags: i === 7 ? ['gold'] : [],
  updatedAt: '',
  ...extra,
});
const rows = Array.from({ length: 50 }, (_, i) => machine(i));
const none: Filters = { query: '', vendor: '', profileId: '', folder: '', power: '', scope: '' };
const ids = (list: Machine[]) => list.map((m) => m.vendorId);

describe('inventory filtering', () => {
  it('matches every term somewhere in a row: name, address, host, tag, id', () => {
    expect(ids(filterRows(rows, { ...none, query: 'WEB-PROD-007' }, () => ''))).toEqual(['vm-7']);
    expect(ids(filterRows(rows, { ...none, query: '10.0.12.1' }, () => ''))).toEqual(['vm-12']);
    expect(ids(filterRows(rows, { ...none, query: 'gold prod' }, () => ''))).toEqual(['vm-7']);
    expect(filterRows(rows, { ...none, query: 'host-3' }, () => '')).toHaveLength(12);
    expect(filterRows(rows, { ...none, query: 'gold host-0' }, () => '')).toHaveLength(0);
  });

  it('never matches across two rows', () => {
    // "vm-1" + the next row's "web" would be "vm-1\\u0001web" if rows ran together.
    expect(filterRows(rows, { ...none, query: 'vm-1web' }, () => '')).toHaveLength(0);
  });

  it('combines search with system, state and folder', () => {
    const found = filterRows(rows, { ...none, query: 'web', vendor: 'vcenter', power: 'stopped' }, () => '');
    expect(found.every((m) => m.vendor === 'vcenter' && m.power === 'stopped')).toBe(true);
    expect(found).toHaveLength(9);
    expect(filterRows(rows, { ...none, folder: 'Prod' }, (p) => (p === 'p1' ? 'Prod/EU' : ''))).toHaveLength(
      25,
    );
  });

  it('sorts naturally and groups with counts', () => {
    const name = COLUMNS.find((c) => c.id === 'name');
    const sorted = sortRows(rows, name ?? (COLUMNS[0] as never), true, () => '');
    expect(sorted[0]?.vendorId).toBe('vm-49');
    const grouped = groupRows(sorted, 'host', () => '');
    expect(grouped.filter(isGroup).map((g) => [g.label, g.count])).toEqual([
      ['host-0', 13],
      ['host-1', 13],
      ['host-2', 12],
      ['host-3', 12],
    ]);
  });

  it('sort keys order names naturally, ignoring case and accents, like the locale collator', () => {
    const names = [
      'vm-10',
      'VM-9',
      'vm-009b',
      'db-2',
      'Émile-1',
      'emile-0',
      'web-prod-100',
      'web-prod-20',
      'a',
    ];
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const byKey = [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    expect(byKey).toEqual([...names].sort(collator.compare));
    expect(byKey).toEqual([
      'a',
      'db-2',
      'emile-0',
      'Émile-1',
      'VM-9',
      'vm-009b',
      'vm-10',
      'web-prod-20',
      'web-prod-100',
    ]);
  });
});

describe('the vendors’ own grouping', () => {
  const scoped = [
    machine(1, { vendor: 'comodit', scope: ['acme', 'prod'] }),
    machine(2, { vendor: 'comodit', scope: ['acme', 'test'] }),
    machine(3, { vendor: 'comodit', scope: ['zeta', 'prod'] }),
    machine(4, { vendor: 'unitrends', scope: ['ueb01', 'system-a'] }),
    machine(5, { vendor: 'vcenter' }),
  ];
  it('offers a tree per vendor, named by its levels', () => {
    const groups = scopeOptions(scoped);
    expect(groups.map((g) => g.vendor)).toEqual(['comodit', 'unitrends']);
    expect(groups[0]?.options.map((o) => `${o.depth}:${o.label}`)).toEqual([
      '0:Organisation: acme',
      '1:Environment: prod',
      '1:Environment: test',
      '0:Organisation: zeta',
      '1:Environment: prod',
    ]);
  });
  it('filters at a level and everything under it', () => {
    const at = (scope: string) => ids(filterRows(scoped, { ...none, scope }, () => ''));
    expect(at(scopeKey('comodit', ['acme']))).toEqual(['vm-1', 'vm-2']);
    expect(at(scopeKey('comodit', ['acme', 'prod']))).toEqual(['vm-1']);
    expect(at(scopeKey('unitrends', ['ueb01']))).toEqual(['vm-4']);
    // Same names under another vendor do not match.
    expect(at(scopeKey('unitrends', ['acme']))).toEqual([]);
  });
});
