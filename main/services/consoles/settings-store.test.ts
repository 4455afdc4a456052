import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_CONSOLE_SETTINGS } from '../../../common/consoles';
import { consoleSettingsStore } from './settings-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-console-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fit = { ...DEFAULT_CONSOLE_SETTINGS, scaling: 'native' as const };

describe('console settings per machine', () => {
  it('survives a restart (a new store over the same directory)', async () => {
    await consoleSettingsStore(dir).set('p/vm-1', fit);
    expect(await consoleSettingsStore(dir).get('p/vm-1')).toEqual(fit);
    expect(await consoleSettingsStore(dir).get('p/vm-2')).toEqual(DEFAULT_CONSOLE_SETTINGS);
  });

  it('starts a machine nobody chose settings for from the console defaults of Settings', async () => {
    const viewOnly = { ...DEFAULT_CONSOLE_SETTINGS, viewOnly: true };
    const store = consoleSettingsStore(dir, undefined, () => viewOnly);
    expect(await store.get('p/vm-3')).toEqual(viewOnly);
    await store.set('p/vm-3', fit);
    expect(await store.get('p/vm-3')).toEqual(fit);
  });

  it('starts over from a damaged file instead of failing', async () => {
    await writeFile(join(dir, 'console-settings.json'), '{ not json');
    const store = consoleSettingsStore(dir);
    expect(await store.get('p/vm-1')).toEqual(DEFAULT_CONSOLE_SETTINGS);
    await store.set('p/vm-1', fit);
    expect(JSON.parse(await readFile(join(dir, 'console-settings.json'), 'utf8'))).toMatchObject({
      version: 1,
      machines: { 'p/vm-1': fit },
    });
  });

  it('forgets the least recently used machines beyond its limit', async () => {
    const store = consoleSettingsStore(dir, 3);
    for (const id of ['a', 'b', 'c']) await store.set(id, fit);
    await store.set('a', { ...fit, quality: 1 });
    await store.set('d', fit);
    expect(await store.get('b')).toEqual(DEFAULT_CONSOLE_SETTINGS);
    expect(await store.get('a')).toEqual({ ...fit, quality: 1 });
    expect(await store.get('c')).toEqual(fit);
  });
});
