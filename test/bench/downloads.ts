import { fork, type ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { labClient } from '../../lab/core/testing';
import { startLab, type Lab } from '../../lab/lab';
import type { Benchmark, Figure } from './types';

/*
 * The download manager (issue 13) against the IBM lab on loopback, 1 GiB computed on demand: the manager runs in a
 * child process of its own (download-child.ts) so that its memory is its own and it can be killed; the bare and the
 * naive clients (bare-download-child.ts) too, with the same 8 MiB chunk requests over the same TLS, written to disk
 * the same way: all three share the machine with the lab alike, and the figures compare downloads, not just fetches.
 */

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const PARALLEL = 4;

type ChildMessage =
  | { type: 'ready'; rss: number }
  | { type: 'progress'; received: number }
  | {
      type: 'done';
      item: { state: string; sha256?: string; error?: unknown };
      ms: number;
      peakRss: number;
      peaks: { heapUsed: number; arrayBuffers: number };
    };

interface Run {
  child: ChildProcess;
  ready: Promise<number>;
  done: Promise<Extract<ChildMessage, { type: 'done' }>>;
  onProgress: (listener: (received: number) => void) => void;
}

function manager(dataDirectory: string, infoFile: string, recoveryId: string): Run {
  const child = fork(join(import.meta.dirname, 'download-child.ts'), [dataDirectory, infoFile, recoveryId], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeners: ((received: number) => void)[] = [];
  let resolveReady: (rss: number) => void = () => undefined;
  const ready = new Promise<number>((resolve) => (resolveReady = resolve));
  const done = new Promise<Extract<ChildMessage, { type: 'done' }>>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolveReady(message.rss);
      else if (message.type === 'progress') for (const l of listeners) l(message.received);
      else resolve(message);
    });
    child.once('exit', (code, signal) => reject(new Error(`download child ended (${code ?? signal})`)));
  });
  return { child, ready, done, onProgress: (l) => listeners.push(l) };
}

/** The bare download (bare-download-child.ts) in its own process, or a bare fetch with `write` false: its time, sign-in excluded. */
async function bareFetch(infoFile: string, id: string, parallel: number, write = true): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'bench-downloads-bare-'));
  try {
    const output = write ? [join(work, 'bare.bin')] : [];
    const child = fork(
      join(import.meta.dirname, 'bare-download-child.ts'),
      [infoFile, id, String(parallel), ...output],
      {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    return await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { ms: number }) => resolve(message.ms));
      child.once('exit', (code, signal) => reject(new Error(`bare download ended (${code ?? signal})`)));
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Bytes the lab wrote for one recovery's downloads, counted as each piece is written to the socket (so an answer cut
 * by the kill counts what it sent, not what it asked for).
 */
function servedBytes(): { for: (id: string) => number; reset: () => void } {
  let counts = new Map<string, number>();
  subscribe('http.server.request.start', (message) => {
    const { request: req, response } = message as { request: IncomingMessage; response: ServerResponse };
    const match = /\/recoveries\/([^/?]+)\/download-files/.exec(req.url ?? '');
    if (!match?.[1]) return;
    const id = decodeURIComponent(match[1]);
    const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (Buffer.isBuffer(chunk)) counts.set(id, (counts.get(id) ?? 0) + chunk.length);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
  });
  return { for: (id) => counts.get(id) ?? 0, reset: () => (counts = new Map()) };
}

async function makeDownload(lab: Lab, name: string): Promise<{ id: string; sha256: string }> {
  const client = labClient(lab.vendor('ibm-br'));
  const made = await client.call('POST', '/lab/downloads', { body: { fileName: name, size: GiB } });
  const id = (made.json as { id: string }).id;
  const facts = (await client.call('GET', `/lab/downloads/${encodeURIComponent(id)}`)).json as {
    sha256: string;
  };
  await client.close();
  return { id, sha256: facts.sha256 };
}

async function managerRun(
  info: string,
  id: string,
): Promise<{ ms: number; growth: number; sha256?: string }> {
  const data = await mkdtemp(join(tmpdir(), 'bench-downloads-'));
  try {
    const run = manager(data, info, id);
    const rss = await run.ready;
    const done = await run.done;
    if (done.item.state !== 'completed')
      throw new Error(`download ${done.item.state}: ${JSON.stringify(done.item.error)}`);
    const mib = (bytes: number): number => round(bytes / MiB, 1);
    console.log(
      `  (manager: ${round(done.ms / 1000, 1)} s, peak RSS +${mib(done.peakRss - rss)} MiB, heap ${mib(done.peaks.heapUsed)} MiB, buffers ${mib(done.peaks.arrayBuffers)} MiB)`,
    );
    return {
      ms: done.ms,
      growth: done.peakRss - rss,
      ...(done.item.sha256 ? { sha256: done.item.sha256 } : {}),
    };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const downloadsBench: Benchmark = {
  name: 'downloads',
  async run(): Promise<Figure[]> {
    const served = servedBytes();
    const lab = await startLab({ vendors: ['ibm-br'], vms: 40, timeScale: 1 });
    const work = await mkdtemp(join(tmpdir(), 'bench-downloads-info-'));
    try {
      const info = lab.vendor('ibm-br');
      const infoFile = join(work, 'info.json');
      await writeFile(infoFile, JSON.stringify(info));
      const big = await makeDownload(lab, 'bench-1GiB.bin');

      const bare = await bareFetch(infoFile, big.id, PARALLEL);
      const dropped = await bareFetch(infoFile, big.id, PARALLEL, false);
      console.log(
        `  (bare parallel download: ${round(bare / 1000, 1)} s; the same fetch dropping the bytes: ${round(dropped / 1000, 1)} s)`,
      );
      const loopback = await managerRun(infoFile, big.id);
      if (loopback.sha256 !== big.sha256)
        throw new Error('the 1 GiB download has another SHA-256 than the lab’s');
      const mbps = GiB / 1e6 / (loopback.ms / 1000);
      const ratio = bare / loopback.ms;
      const fetchRatio = dropped / loopback.ms;

      lab.setFaults('ibm-br', { latencyMs: 30 });
      const naive = await bareFetch(infoFile, big.id, 1);
      console.log(`  (naive sequential download, 30 ms: ${round(naive / 1000, 1)} s)`);
      const latent = await managerRun(infoFile, big.id);
      lab.setFaults('ibm-br', {});
      const latencyRatio = naive / latent.ms;

      // Killed with SIGKILL a quarter of the way, then started again on the same data: what is fetched twice.
      const resumeTarget = await makeDownload(lab, 'bench-resume.bin');
      const data = await mkdtemp(join(tmpdir(), 'bench-downloads-kill-'));
      served.reset();
      const first = manager(data, infoFile, resumeTarget.id);
      first.done.catch(() => undefined);
      await new Promise<void>((resolve) => first.onProgress((received) => received >= GiB / 4 && resolve()));
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const second = manager(data, infoFile, 'resume');
      const resumed = await second.done;
      await rm(data, { recursive: true, force: true });
      if (resumed.item.sha256 !== resumeTarget.sha256)
        throw new Error('the resumed download has another SHA-256');
      const again = (served.for(resumeTarget.id) - GiB) / MiB;

      const lines = [
        `download 1 GiB, loopback: ${round(mbps, 0)} MB/s, ${round(ratio)}× the bare parallel fetch (${round(fetchRatio)}× one that drops the bytes)`,
        `download 1 GiB, 30 ms latency: ${round(latencyRatio)}× the naive sequential client`,
        `download main RSS growth: ${round(Math.max(loopback.growth, latent.growth) / MiB, 1)} MiB`,
        `download resume after kill: ${round(again, 1)} MiB fetched again`,
      ];
      for (const line of lines) console.log(line);
      return [
        {
          name: 'download 1 GiB loopback',
          value: round(mbps, 0),
          unit: 'MB/s',
          note: `${round(ratio)}× bare, ${round(fetchRatio)}× dropping (goal ≥ 0.9)`,
        },
        {
          name: 'download 1 GiB 30 ms latency',
          value: round(latencyRatio),
          unit: '×',
          note: 'vs naive sequential (goal ≥ 2)',
        },
        {
          name: 'download main RSS growth',
          value: round(Math.max(loopback.growth, latent.growth) / MiB, 1),
          unit: 'MiB',
          note: 'goal < 64',
        },
        {
          name: 'download resume after kill',
          value: round(again, 1),
          unit: 'MiB',
          note: 'fetched again (goal ≤ 32)',
        },
      ];
    } finally {
      await lab.stop();
      await rm(work, { recursive: true, force: true });
    }
  },
};
