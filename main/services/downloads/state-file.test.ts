import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DownloadItem } from '../../../common/contract/downloads';
import { newPlan } from './planner';
import { createStateFiles, type SavedDownload } from './state-file';

let data = '';
beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'vantage-states-'));
});
afterEach(() => rm(data, { recursive: true, force: true }));

const saved = (id: string, seq: number, received: number): SavedDownload => ({
  item: {
    id,
    source: { kind: 'recovery', profileId: 'p', recoveryId: 'r' },
    profileName: 'IBM',
    fileName: 'f.bin',
    folder: '/tmp',
    state: 'running',
    received,
    createdAt: '2026-12-08T00:00:00.000Z',
  } satisfies DownloadItem,
  plan: newPlan(1024),
  seq,
});
const received = (list: SavedDownload[]): Record<string, number> =>
  Object.fromEntries(list.map((s) => [s.item.id, s.item.received]));

describe('download state files', () => {
  it('takes the newer of the state and the progress file', async () => {
    const states = createStateFiles(data);
    await states.save(saved('a', 1, 0));
    await states.save(saved('a', 2, 100), false);
    await states.save(saved('b', 1, 0), false);
    await states.save(saved('b', 2, 500));
    expect(received(await states.loadAll())).toEqual({ a: 100, b: 500 });
  });

  it('falls back on the flushed state when a power cut tore the progress file, and skips what is unreadable', async () => {
    const states = createStateFiles(data);
    const folder = join(data, 'downloads');
    await states.save(saved('torn', 1, 10));
    await states.save(saved('torn', 2, 20), false);
    await writeFile(join(folder, 'torn.progress.json'), '{"item":{"id"');
    // Only the progress file is readable: it is all there is.
    await states.save(saved('orphan', 3, 30), false);
    await writeFile(join(folder, 'orphan.json'), '');
    await writeFile(join(folder, 'lost.json'), '{');
    expect(received(await states.loadAll())).toEqual({ torn: 10, orphan: 30 });
  });

  it('removes both files of a download', async () => {
    const states = createStateFiles(data);
    await states.save(saved('a', 1, 0));
    await states.save(saved('a', 2, 1), false);
    await states.save(saved('b', 1, 0));
    await states.remove('a');
    expect(await readdir(join(data, 'downloads'))).toEqual(['b.json']);
  });
});
