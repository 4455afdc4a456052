import { describe, expect, it } from 'vitest';

import type { RecoverySession } from '../../../common/sessions';
import { age, visibleSessions } from './sessions-view';

const row = (over: Partial<RecoverySession>): RecoverySession => ({
  id: 'p/1.vm_ir',
  profileId: 'p',
  profileName: 'ueb',
  systemId: 1,
  systemName: 'ueb01',
  type: 'vm_ir',
  vendorId: 1,
  name: 'a',
  host: 'esx01',
  mode: 'Audit',
  status: 'available',
  hasConsole: false,
  changing: false,
  ...over,
});

describe('sessions view', () => {
  const all = [
    row({ id: '1', name: 'web-10', mode: 'Audit', created: '2026-01-01T00:00:00Z' }),
    row({ id: '2', name: 'web-9', type: 'wir', mode: 'idle', address: '10.0.0.9' }),
    row({ id: '3', name: 'db-1', status: 'creating', created: '2026-01-02T00:00:00Z' }),
  ];
  const none = { text: '', type: '', mode: '', status: '', appliance: '' } as const;

  it('filters by type and status, searches addresses, sorts names naturally', () => {
    expect(visibleSessions(all, { ...none, type: 'wir' }, 'name', false).map((s) => s.id)).toEqual(['2']);
    expect(visibleSessions(all, { ...none, status: 'creating' }, 'name', false).map((s) => s.id)).toEqual([
      '3',
    ]);
    expect(visibleSessions(all, { ...none, text: '10.0.0' }, 'name', false).map((s) => s.id)).toEqual(['2']);
    expect(visibleSessions(all, none, 'name', false).map((s) => s.name)).toEqual(['db-1', 'web-9', 'web-10']);
    expect(visibleSessions(all, none, 'created', true).map((s) => s.id)).toEqual(['3', '1', '2']);
  });

  it('counts the age up', () => {
    const created = '2026-01-01T00:00:00Z';
    expect(age(created, Date.parse(created) + 42_000)).toBe('42s');
    expect(age(created, Date.parse(created) + 3_723_000)).toBe('1h 2m');
    expect(age(created, Date.parse(created) + 2 * 86_400_000 + 3_600_000)).toBe('2d 1h');
    expect(age(undefined, 0)).toBe('');
  });
});
