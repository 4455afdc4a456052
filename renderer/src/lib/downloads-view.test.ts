import { describe, expect, it } from 'vitest';

import type { DownloadItem } from '../../../common/contract/downloads';
import { commandsFor, formatBytes, formatEta, fraction, ordered, progressText } from './downloads-view';

const item = (patch: Partial<DownloadItem>): DownloadItem => ({
  id: '1',
  source: { kind: 'recovery', profileId: '00000000-0000-4000-8000-000000000000', recoveryId: 'r' },
  profileName: 'IBM',
  fileName: 'a.tar',
  folder: '/tmp',
  state: 'running',
  received: 0,
  createdAt: '2026-01-01T00:00:00Z',
  ...patch,
});

describe('downloads view', () => {
  it('writes sizes and times in words a person reads', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(3720)).toBe('1 h 2 min');
  });

  it('shows progress against the size, or the estimate, or bytes alone', () => {
    expect(fraction(item({ received: 50, size: 200 }))).toBe(0.25);
    expect(progressText(item({ received: 1024, expectedSize: 2048 }))).toBe('1.0 KiB of about 2.0 KiB');
    expect(fraction(item({ received: 50 }))).toBeUndefined();
  });

  it('offers only what the state allows', () => {
    expect(commandsFor('running')).toEqual(['pause', 'cancel']);
    expect(commandsFor('paused')).toEqual(['resume', 'cancel']);
    expect(commandsFor('completed')).toContain('showInFolder');
    expect(commandsFor('verifying')).toEqual([]);
  });

  it('puts unfinished downloads first, newest first', () => {
    const list = ordered([
      item({ id: 'old-done', state: 'completed', createdAt: '2026-01-03T00:00:00Z' }),
      item({ id: 'run', createdAt: '2026-01-01T00:00:00Z' }),
      item({ id: 'new-done', state: 'failed', createdAt: '2026-01-04T00:00:00Z' }),
    ]);
    expect(list.map((i) => i.id)).toEqual(['run', 'new-done', 'old-done']);
  });
});
