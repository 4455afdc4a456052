import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { mkdir, mkdtemp, open as openFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';

import type { DownloadItem, DownloadSource } from '../../../common/contract/downloads';
import type { VantageContract } from '../../../common/contract';
import { DEFAULT_SETTINGS, type Settings } from '../../../common/settings';
import { contentKey, fileLayout, layoutSha256 } from '../../../lab/ibm-br/content';
import { labClient, type LabClient } from '../../../lab/core/testing';
import { connectIbm, startLabConnections, type LabConnections } from '../../connectors/test-lab';
import { createEventBus } from '../../ipc/events';
import { createDownloads, type Downloads } from './index';

// The download manager against the IBM lab over HTTPS, with small chunks so that a few MiB take many of them.
const CHUNK = 256 * 1024;
let env: LabConnections;
let raw: LabClient;
let profileId: string;
const open: Downloads[] = [];
const dataFolders: string[] = [];

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 40, timeScale: 1 });
  raw = labClient(env.info);
  const { profile } = await connectIbm(env);
  profileId = profile.id;
});
afterAll(async () => {
  await raw.close();
  await env.close();
  await Promise.all(dataFolders.map((folder) => rm(folder, { recursive: true, force: true })));
});
afterEach(async () => {
  env.lab.setFaults('ibm-br', {});
  await Promise.all(open.splice(0).map((d) => d.dispose()));
});

/** A finished download-files recovery in the lab: its id, size and SHA-256 as the lab computes them. */
async function labDownload(fileName: string, size: number, expired = false) {
  const made = await raw.call('POST', '/lab/downloads', { body: { fileName, size, expired } });
  expect(made.status, made.text).toBe(201);
  const id = (made.json as { id: string }).id;
  const facts = (await raw.call('GET', `/lab/downloads/${encodeURIComponent(id)}`)).json as {
    size: number;
    sha256: string;
  };
  return { id, ...facts };
}

async function manager(settings: Partial<Settings> = {}, dataDirectory?: string, syncEveryMs?: number) {
  const data = dataDirectory ?? (await mkdtemp(join(tmpdir(), 'downloads-data-')));
  dataFolders.push(data);
  const folder = join(data, 'Downloads');
  const downloads = createDownloads({
    connections: env.connections,
    bus: createEventBus<VantageContract>(),
    dataDirectory: data,
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    systemDownloads: folder,
    chunkSize: CHUNK,
    retryDelayMs: 20,
    ...(syncEveryMs === undefined ? {} : { syncEveryMs }),
  });
  open.push(downloads);
  return { downloads, data, folder };
}

async function until(
  downloads: Downloads,
  id: string,
  done: (item: DownloadItem) => boolean,
  timeoutMs = 20_000,
): Promise<DownloadItem> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const item = downloads.list().find((i) => i.id === id);
    if (item && done(item)) return item;
    if (Date.now() > end) throw new Error(`download ${id} is still ${item?.state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const ended = (item: DownloadItem): boolean => ['completed', 'failed', 'cancelled'].includes(item.state);
const recovery = (recoveryId: string): DownloadSource => ({ kind: 'recovery', profileId, recoveryId });

describe('download manager', () => {
  it('downloads a recovery in parallel chunks whose file has the lab’s SHA-256', async () => {
    const lab = await labDownload('report.tar', 3 * 1024 * 1024 + 123);
    const { downloads, folder } = await manager();
    const item = await until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended);
    expect(item.error).toBeUndefined();
    expect(item).toMatchObject({
      state: 'completed',
      fileName: 'report.tar',
      size: lab.size,
      sha256: lab.sha256,
    });
    expect(await readdir(folder)).toEqual(['report.tar']);
  });

  it('never overwrites an existing file', async () => {
    const lab = await labDownload('notes.txt', 1000);
    const { downloads, folder } = await manager();
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'notes.txt'), 'mine');
    const item = await until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended);
    expect(item.fileName).toBe('notes (1).txt');
    expect(await readFile(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('keeps hostile upstream names inside the downloads folder under safe names', async () => {
    const names = ['../../etc/passwd', 'CON', `${'x'.repeat(300)}.bin`, 'a\u0000b.txt'];
    const { downloads, folder } = await manager();
    const items = await Promise.all(
      names.map(async (name) => {
        const lab = await labDownload(name, 2000);
        return until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended);
      }),
    );
    expect(items.map((i) => i.fileName)).toEqual([
      'passwd',
      '_CON',
      expect.stringMatching(/^x{190,}\.bin$/),
      'ab.txt',
    ]);
    for (const item of items) {
      expect(item.state).toBe('completed');
      expect(dirname(join(item.folder, item.fileName))).toBe(folder);
    }
  });

  it('names an expired link as such, with the advice to create the recovery again', async () => {
    const lab = await labDownload('old.tar', 5000, true);
    const { downloads } = await manager();
    const item = await until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended);
    expect(item.state).toBe('failed');
    expect(item.error?.linkExpired).toBe(true);
    expect(item.error?.message).toMatch(/expired.*Create the recovery again/);
  });

  it('gets the same bytes through resets, cut bodies, 5xx answers and short-lived tokens', async () => {
    const lab = await labDownload('faulty.bin', 4 * 1024 * 1024 + 7);
    env.lab.setFaults('ibm-br', {
      resetRate: 0.15,
      truncateRate: 0.15,
      errorRate: 0.15,
      errorStatus: 503,
      tokenLifetimeSec: 1,
      pathPattern: 'download-files',
    });
    // A bandwidth limit stretches the download over several token lifetimes.
    const { downloads } = await manager({ downloadLimitKBps: 1500 });
    const item = await until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended, 60_000);
    expect(item.error).toBeUndefined();
    expect(item.sha256).toBe(lab.sha256);
  }, 70_000);

  it('pauses, resumes where it stopped, and cancels deleting the partial file', async () => {
    const lab = await labDownload('slow.bin', 2 * 1024 * 1024);
    const { downloads, folder } = await manager({ downloadLimitKBps: 1024, downloadChunks: 2 });
    const { id } = await downloads.enqueue(recovery(lab.id));
    await until(downloads, id, (i) => i.received >= 3 * CHUNK);
    const paused = await downloads.pause(id);
    expect(paused.state).toBe('paused');
    const kept = paused.received;
    expect(await readdir(folder)).toEqual(['slow.bin.part']);
    const resumed = await downloads.resume(id);
    expect(resumed.received).toBe(kept);
    const done = await until(downloads, id, ended);
    expect(done.sha256).toBe(lab.sha256);

    const second = await downloads.enqueue(recovery(lab.id));
    await until(downloads, second.id, (i) => i.received > 0);
    expect((await downloads.cancel(second.id)).state).toBe('cancelled');
    expect(await readdir(folder)).toEqual(['slow.bin']);
  }, 30_000);

  it('resumes after a restart from its state file, fetching only what was missing', async () => {
    const lab = await labDownload('resume.bin', 3 * 1024 * 1024);
    const first = await manager({ downloadLimitKBps: 1024 });
    const { id } = await first.downloads.enqueue(recovery(lab.id));
    await until(first.downloads, id, (i) => i.received >= 4 * CHUNK);
    await first.downloads.dispose();
    const second = await manager({}, first.data);
    await second.downloads.restore();
    const reloaded = second.downloads.list().find((i) => i.id === id);
    expect(reloaded?.received).toBeGreaterThanOrEqual(4 * CHUNK);
    const done = await until(second.downloads, id, ended);
    expect(done.sha256).toBe(lab.sha256);
  }, 30_000);

  it('after a restart of the machine, trusts only the chunks it had flushed to the disk', async () => {
    const lab = await labDownload('after-power-cut.bin', 3 * 1024 * 1024 + 99);
    // The first run flushes its part after each chunk, the second as rarely as by default.
    const first = await manager({ downloadLimitKBps: 1024 }, undefined, 0);
    const { id } = await first.downloads.enqueue(recovery(lab.id));
    await until(first.downloads, id, (i) => i.received >= 4 * CHUNK);
    await first.downloads.dispose();
    // A power cut: the system comes back in another boot, and the chunks written since the last flush are gone. So is
    // the progress file, never flushed: here it is torn.
    await writeFile(join(first.data, 'downloads', `${id}.progress.json`), '{"item":{"id"');
    const stateFile = join(first.data, 'downloads', `${id}.json`);
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as {
      part: string;
      boot: string;
      plan: { done: Record<number, number>; synced?: Record<number, number> };
    };
    expect(saved.boot).toMatch(/^(id|at):/);
    // The flushes are recorded; the cut is made to have lost every chunk but the first one flushed.
    const [kept] = Object.entries(saved.plan.synced ?? {});
    if (!kept) throw new Error('no chunk was recorded as flushed');
    const part = await readFile(saved.part);
    for (const index of Object.keys(saved.plan.done))
      if (index !== kept[0]) part.fill(0, Number(index) * CHUNK, (Number(index) + 1) * CHUNK);
    await writeFile(saved.part, part);
    const plan = { ...saved.plan, synced: { [kept[0]]: kept[1] } };
    await writeFile(stateFile, JSON.stringify({ ...saved, plan, boot: 'id:an-earlier-boot' }));

    const second = await manager({}, first.data);
    await second.downloads.restore();
    expect(second.downloads.list().find((i) => i.id === id)?.received).toBe(kept[1]);
    const done = await until(second.downloads, id, ended);
    expect(done.sha256).toBe(lab.sha256);
  }, 30_000);

  it('flushes its state file to the disk for a new state, not for each chunk’s progress', async () => {
    const lab = await labDownload('many-chunks.bin', 24 * CHUNK);
    const { downloads, data } = await manager();
    // A state file's flush is a FileHandle's `sync`; the part's own flushes (every 30 s) are `datasync`.
    const probe = await openFile(join(data, 'probe'), 'w');
    const handles = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const syncs = vi.spyOn(handles, 'sync');
    onTestFinished(() => syncs.mockRestore());
    const item = await until(downloads, (await downloads.enqueue(recovery(lab.id))).id, ended);
    expect(item).toMatchObject({ state: 'completed', sha256: lab.sha256 });
    // Queued, started (its part created), completed: a few flushes. Flushing every save made 17 here.
    expect(syncs.mock.calls.length).toBeGreaterThan(0);
    expect(syncs.mock.calls.length).toBeLessThanOrEqual(6);
  });

  it('downloads an agent installer in one stream, through a part file', async () => {
    const { downloads } = await manager();
    const item = await until(
      downloads,
      (
        await downloads.enqueue({
          kind: 'agent-installer',
          profileId,
          platform: 'kLinux',
          packageType: 'kDEB',
        })
      ).id,
      ended,
    );
    const name = 'cohesity-agent_amd64.deb';
    const layout = fileLayout(contentKey(env.lab.describe().seed, 'agents', name), 3 * 1024 * 1024 + 4321);
    expect(item).toMatchObject({ state: 'completed', fileName: name, sha256: layoutSha256(layout) });
  });

  it('starts an installer stream again, file and hash, when it is cut in the middle', async () => {
    // The first answer is cut halfway; the lab is healed when the second request comes in.
    env.lab.setFaults('ibm-br', { truncateRate: 1, pathPattern: 'agents/download' });
    let requests = 0;
    const count = (message: unknown): void => {
      const { request } = message as { request: IncomingMessage };
      if (request.url?.includes('agents/download') && ++requests === 2) env.lab.setFaults('ibm-br', {});
    };
    subscribe('http.server.request.start', count);
    onTestFinished(() => {
      unsubscribe('http.server.request.start', count);
    });
    const { downloads, folder } = await manager();
    const source = { kind: 'agent-installer', profileId, platform: 'kWindows' } as const;
    const item = await until(downloads, (await downloads.enqueue(source)).id, ended, 30_000);
    const name = 'cohesity-agent-windows-x64.exe';
    const layout = fileLayout(contentKey(env.lab.describe().seed, 'agents', name), 3 * 1024 * 1024 + 4321);
    expect(item).toMatchObject({ state: 'completed', fileName: name, sha256: layoutSha256(layout) });
    const onDisk = createHash('sha256')
      .update(await readFile(join(folder, name)))
      .digest('hex');
    expect(onDisk).toBe(layoutSha256(layout));
    expect(requests).toBe(2);
  }, 40_000);
});
