import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { IpcError } from '../../common/errors';
import type { HttpRequest } from './http-client';
import { startHostileServer, type HostileServer } from './testing/hostile-server';

// main's client in a process of its own against a server that answers 500 MB: the memory measured is the client's,
// read from /proc as the system sees it, not the test runner's.
let server: HostileServer;
let child: ChildProcess;

type Reply = { ready?: true; status?: number; error?: IpcError };

const MiB = 1024 * 1024;

/** VmRSS and VmHWM (the peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

function call(request: HttpRequest): Promise<Reply> {
  const reply = once(child, 'message').then(([message]) => message as Reply);
  child.send(request);
  return reply;
}

beforeAll(async () => {
  server = await startHostileServer();
  child = fork('main/net/testing/client-process.ts', [server.url], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const [message] = (await once(child, 'message')) as [Reply];
  expect(message.ready).toBe(true);
});
afterAll(async () => {
  child.kill();
  await server.close();
});

describe('a hostile upstream', () => {
  it('leaves main alive and within 256 MiB of its baseline after 500 MB answers at sign-in and on a listing', async () => {
    // A first ordinary exchange loads the code a call uses: the baseline is main at work, not main at rest.
    expect((await call({ method: 'GET', path: 'deep', query: { n: 10 } })).status).toBe(200);
    await sleep(200);
    const pid = child.pid as number;
    const baseline = memoryOf(pid).rss;

    const signIn = await call({ method: 'POST', path: 'huge', query: { mb: 500 }, authenticate: false });
    expect(signIn.error).toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringMatching(/too large/) as string,
    });
    const listing = await call({ method: 'GET', path: 'huge', query: { mb: 500 } });
    expect(listing.error).toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringMatching(/too large/) as string,
    });
    // The over-large listing was not fetched again.
    expect(server.requests('/huge')).toBe(2);
    const deep = await call({ method: 'GET', path: 'deep', query: { n: 2_000_000 } });
    expect(deep.error).toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringMatching(/nested deeper/) as string,
    });

    // Alive: it still answers.
    expect((await call({ method: 'GET', path: 'deep', query: { n: 10 } })).status).toBe(200);
    const after = memoryOf(pid);
    expect(after.rss - baseline).toBeLessThan(256 * MiB);
    expect(after.peak - baseline).toBeLessThan(256 * MiB);
  }, 60_000);
});
