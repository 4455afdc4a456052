import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { viewPrefsStore } from './view-prefs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-view-prefs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('view preferences', () => {
  it('survive a restart (a new store over the same directory)', async () => {
    await viewPrefsStore(dir).set('inventory', { columns: ['name', 'tags'], widths: { name: 300 } });
    expect(await viewPrefsStore(dir).get('inventory')).toEqual({
      columns: ['name', 'tags'],
      widths: { name: 300 },
    });
    expect(await viewPrefsStore(dir).get('sessions')).toEqual({});
  });

  it('keep the last of several quick changes, and each view its own', async () => {
    const store = viewPrefsStore(dir);
    await Promise.all([
      store.set('inventory', { widths: { name: 100 } }),
      store.set('inventory', { widths: { name: 200 } }),
      store.set('tasks', { columns: ['state'] }),
    ]);
    const onDisk = JSON.parse(await readFile(join(dir, 'view-prefs.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual({
      version: 1,
      views: { inventory: { widths: { name: 200 } }, tasks: { columns: ['state'] } },
    });
  });

  it('start empty from a damaged or foreign file', async () => {
    await writeFile(join(dir, 'view-prefs.json'), '{ not json');
    expect(await viewPrefsStore(dir).get('inventory')).toEqual({});
    await writeFile(
      join(dir, 'view-prefs.json'),
      JSON.stringify({ version: 1, views: { inventory: { widths: { name: -5 } } } }),
    );
    expect(await viewPrefsStore(dir).get('inventory')).toEqual({});
  });
});
