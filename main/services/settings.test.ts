import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_SETTINGS } from '../../common/settings';
import { openSettings } from './settings';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-settings-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('starts from the defaults and keeps a change across a restart', async () => {
    const first = await openSettings(dir, () => undefined);
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    await first.update({ theme: 'dark', refreshAgeMinutes: 30 });
    const again = await openSettings(dir, () => undefined);
    expect(again.get()).toMatchObject({ theme: 'dark', refreshAgeMinutes: 30, refreshOnOpen: true });
  });

  it('tells who listens after each accepted change', async () => {
    const heard = vi.fn();
    const settings = await openSettings(dir, heard);
    await settings.update({ autoRefreshMinutes: 5 });
    expect(heard).toHaveBeenCalledWith(expect.objectContaining({ autoRefreshMinutes: 5 }));
  });

  it('refuses an invalid value with a typed error and keeps the previous one', async () => {
    const heard = vi.fn();
    const settings = await openSettings(dir, heard);
    await expect(settings.update({ downloadChunks: 99 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(settings.get().downloadChunks).toBe(DEFAULT_SETTINGS.downloadChunks);
    expect(heard).not.toHaveBeenCalled();
  });

  it('falls back per setting when the file is damaged or has outdated values', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(
      file,
      JSON.stringify({ version: 1, settings: { theme: 'light', downloadChunks: 'many' } }),
    );
    expect((await openSettings(dir, () => undefined)).get()).toMatchObject({
      theme: 'light',
      downloadChunks: DEFAULT_SETTINGS.downloadChunks,
    });
    await writeFile(file, '{not json');
    expect((await openSettings(dir, () => undefined)).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('writes the whole file atomically', async () => {
    const settings = await openSettings(dir, () => undefined);
    await settings.update({ desktopNotifications: false });
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as { settings: object };
    expect(saved.settings).toMatchObject({ desktopNotifications: false });
  });
});
