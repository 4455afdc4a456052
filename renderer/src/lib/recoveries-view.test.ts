import { describe, expect, it } from 'vitest';

import type { RecoveryItem } from '../../../common/contract/restore';
import { canDownload, endOrDuration, serverFilters, visibleRecoveries } from './recoveries-view';

const item = (over: Partial<RecoveryItem>): RecoveryItem => ({
  id: '1:1:1',
  profileId: 'p',
  profileName: 'IBM',
  name: 'Download_web01_1',
  action: 'DownloadFilesAndFolders',
  environment: 'kPhysical',
  status: 'Succeeded',
  files: [],
  messages: [],
  ...over,
});

describe('recoveries view', () => {
  it('sends status, action, start time and profile to main, only those chosen', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(serverFilters({ status: '', action: '', range: '', profileId: '' }, now)).toEqual({});
    expect(
      serverFilters({ status: 'Failed', action: 'RecoverFiles', range: 'day', profileId: 'x' }, now),
    ).toEqual({
      statuses: ['Failed'],
      actions: ['RecoverFiles'],
      from: '2026-12-06T12:00:00.000Z',
      profileIds: ['x'],
    });
  });

  it('searches names, hosts and selected paths, and sorts', () => {
    const rows = [
      item({ id: 'a', name: 'B', objectName: 'web01', startedAt: '2026-01-02T00:00:00Z' }),
      item({
        id: 'b',
        name: 'A',
        files: [{ path: '/home/ann/notes.txt', isDirectory: false, messages: [] }],
      }),
    ];
    expect(visibleRecoveries(rows, 'NOTES', 'name', false).map((r) => r.id)).toEqual(['b']);
    expect(visibleRecoveries(rows, 'web', 'name', false).map((r) => r.id)).toEqual(['a']);
    expect(visibleRecoveries(rows, '', 'name', false).map((r) => r.id)).toEqual(['b', 'a']);
    expect(visibleRecoveries(rows, '', 'name', true).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('offers Download only for a succeeded download whose link is alive', () => {
    expect(canDownload(item({}))).toBe(true);
    expect(canDownload(item({ download: { expired: true } }))).toBe(false);
    expect(canDownload(item({ status: 'Running' }))).toBe(false);
    expect(canDownload(item({ action: 'RecoverFiles' }))).toBe(false);
  });

  it('shows the end with the duration, or how long it has been running', () => {
    const started = '2026-12-07T10:00:00Z';
    expect(endOrDuration(item({ startedAt: started, endedAt: '2026-12-07T10:02:05Z' }), 0)).toMatch(
      /\(2m 5s\)$/,
    );
    expect(
      endOrDuration(item({ startedAt: started, status: 'Running' }), Date.parse('2026-12-07T10:00:30Z')),
    ).toBe('running 30s');
  });
});
