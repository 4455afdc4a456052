import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type * as z from 'zod';

import { contract } from '../../common/contract';
import type { Envelope } from '../../common/errors';
import { createBackend, type Backend } from '../../main/backend';
import { createIpcRouter } from '../../main/ipc/router';
import { memoryKeychain } from '../../main/services/memory-keychain';
import { HARNESS_PROTOCOL, tokenProtocol } from '../harness/protocol';
import { badValues, malformedArguments } from './fuzz-values';

// Issue #11 item 10: everything a page can send, malformed, through main's real router and the real harness
// transport: no crash, no INTERNAL, and main's heap back near its baseline afterwards.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
let dataDirectory: string;
let backend: Backend;

beforeAll(async () => {
  dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-fuzz-'));
  backend = await createBackend({
    version: '0.0.0',
    dataDirectory,
    runtime: 'harness',
    processVersions: process.versions,
    keychain: memoryKeychain(),
    probes: { keychain: ok, network: ok, disk: ok },
  });
});
afterAll(async () => {
  await backend.dispose();
  await rm(dataDirectory, { recursive: true, force: true });
});

const isEnvelope = (answer: unknown): answer is Envelope<unknown> =>
  typeof answer === 'object' && answer !== null && ('result' in answer || 'error' in answer);

describe('IPC fuzz: the router', () => {
  it('answers every channel of the contract, fed malformed arguments, with a typed envelope', async () => {
    const router = createIpcRouter({
      contract,
      handlers: backend.handlers,
      streams: backend.streams,
      checkSender: () => undefined,
    });
    const requests = Object.entries(contract.requests) as [string, { args: z.ZodType }][];
    const streams = Object.entries(contract.streams) as [string, { args: z.ZodType }][];
    expect(requests.length).toBeGreaterThan(20);
    const endpoint = {
      send: () => undefined,
      sendControl: () => undefined,
      onMessage: () => undefined,
      onControl: () => undefined,
      onClose: () => undefined,
      close: () => undefined,
    };

    const round = async (): Promise<{ calls: number; internal: string[]; notEnvelopes: string[] }> => {
      const internal: string[] = [];
      const notEnvelopes: string[] = [];
      let calls = 0;
      let seed = 0;
      const check = (channel: string, answer: unknown): void => {
        calls++;
        if (!isEnvelope(answer)) notEnvelopes.push(channel);
        else if ('error' in answer && answer.error.code === 'INTERNAL')
          internal.push(`${channel}: ${answer.error.message}`);
      };
      for (const [channel, spec] of requests)
        for (const args of malformedArguments(spec.args, seed++))
          check(channel, await router.handle(channel, args, {}));
      for (const [name, spec] of streams)
        for (const args of malformedArguments(spec.args, seed++))
          check(name, await router.openStream(name, args, {}, endpoint));
      // And channel names that are not names at all.
      for (const channel of badValues(seed)) {
        check('(channel)', await router.handle(channel, undefined, {}));
        check('(stream)', await router.openStream(channel, undefined, {}, endpoint));
      }
      return { calls, internal, notEnvelopes };
    };

    // A first round warms up what stays loaded for good (compiled code, zod's caches); the second is measured.
    await round();
    const baseline = heapAfterGc();
    const { calls, internal, notEnvelopes } = await round();
    const grown = heapAfterGc() - baseline;

    expect(calls).toBeGreaterThan(1000);
    expect(internal).toEqual([]);
    expect(notEnvelopes).toEqual([]);
    // Dozens of 10 MB strings and 100 000-deep values went through: none of them may stay behind.
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});

/** The harness in a process of its own, as `npm run dev:web` runs it: a frame that kills it shows as its exit. */
async function startHarnessProcess(
  directory: string,
): Promise<{ child: ChildProcess; url: URL; token: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/harness/cli.ts', '--port', '0', '--data-dir', directory],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  let output = '';
  // Both pipes drained (a full one would block the child's logging, and with it the child).
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output);
      if (found) resolve(found[0]);
    });
    child.once('exit', (code) =>
      reject(new Error(`the harness exited (${code}) before it was ready: ${output}`)),
    );
  });
  const parsed = new URL(url);
  return { child, url: parsed, token: parsed.hash.slice('#token='.length) };
}

describe('IPC fuzz: the harness transport', () => {
  it('answers or drops with a reason every malformed frame, closes only an oversized one, and stays up', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'vantage-fuzz-harness-'));
    const { child, url, token } = await startHarnessProcess(directory);
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    const connect = async (): Promise<{ ws: WebSocket; next: () => Promise<Record<string, unknown>> }> => {
      const ws = new WebSocket(`ws://${url.host}/__harness/ws`, [HARNESS_PROTOCOL, tokenProtocol(token)], {
        origin: url.origin,
      });
      const inbox: Record<string, unknown>[] = [];
      const waiting: ((message: Record<string, unknown>) => void)[] = [];
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as Record<string, unknown>;
        // Events, and the end of a stream that failed to open (it precedes its answer), are not answers.
        if (message.t === 'evt' || message.t === 'closed') return;
        const taker = waiting.shift();
        if (taker) taker(message);
        else inbox.push(message);
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      // Fails at once, not at the test's timeout, when a frame goes unanswered (or took the harness down).
      const next = (): Promise<Record<string, unknown>> =>
        inbox.length > 0
          ? Promise.resolve(inbox.shift() as Record<string, unknown>)
          : new Promise((resolve, reject) => {
              const timer = setTimeout(
                () => reject(new Error(`no answer within 5 s (exit: ${exited})`)),
                5000,
              );
              waiting.push((message) => {
                clearTimeout(timer);
                resolve(message);
              });
            });
      return { ws, next };
    };
    try {
      const { ws, next } = await connect();
      const deep = 100_000;
      // Each of these gets exactly one answer: on its request id when it names one, else an error frame.
      const answered: [string | Buffer, Record<string, unknown>][] = [
        ['null', { t: 'error' }],
        ['42', { t: 'error' }],
        ['"req"', { t: 'error' }],
        ['[]', { t: 'error' }],
        ['not json', { t: 'error' }],
        ['{"t":"req"}', { t: 'error' }],
        [`${'['.repeat(deep)}${']'.repeat(deep)}`, { t: 'error' }],
        ['{"__proto__":{"t":"req","id":1,"channel":"app.info"}}', { t: 'error' }],
        ['{"t":"req","id":1,"channel":{"toString":1}}', { t: 'res', id: 1 }],
        ['{"t":"req","id":2,"channel":null,"args":{}}', { t: 'res', id: 2 }],
        ['{"t":"req","id":3,"channel":["app.info"]}', { t: 'res', id: 3 }],
        ['{"t":"req","id":"4","channel":"app.info"}', { t: 'error' }],
        [
          '{"t":"req","id":5,"channel":"profiles.import","args":{"json":"{\\"__proto__\\":{}}"}}',
          { t: 'res', id: 5 },
        ],
        ['{"t":"open","id":6,"sid":6,"name":{"toString":1}}', { t: 'res', id: 6 }],
        ['{"t":"open","id":7,"sid":"x","name":"consoles.open"}', { t: 'res', id: 7 }],
        [
          '{"t":"open","id":8,"sid":8,"name":"consoles.open","args":{"machineId":"a/b"}}',
          { t: 'res', id: 8 },
        ],
        ['{"t":"ctl","sid":{},"message":null}', { t: 'error' }],
        ['{"t":"close","sid":-1}', { t: 'error' }],
        [
          `{"t":"req","id":9,"channel":"app.info","args":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`,
          { t: 'res', id: 9 },
        ],
        [Buffer.alloc(0), { t: 'error' }],
        [Buffer.alloc(3), { t: 'error' }],
      ];
      for (const [frame, expected] of answered) {
        ws.send(frame, { binary: Buffer.isBuffer(frame) });
        const answer = await next();
        expect(answer, String(frame).slice(0, 80)).toMatchObject(expected);
        expect(JSON.stringify(answer)).not.toContain('"INTERNAL"');
      }
      // Silently dropped (bytes for a stream that is not open, the end of one that is not): the next answer is ours.
      ws.send(Buffer.from([0, 0, 0, 9, 1, 2]), { binary: true });
      ws.send('{"t":"close","sid":12345}');
      ws.send('{"t":"req","id":10,"channel":"app.info"}');
      expect(await next()).toMatchObject({ t: 'res', id: 10, envelope: { result: { runtime: 'harness' } } });

      // Over the 16 MiB limit: that socket is closed with 1009 (Message Too Big), the process lives on.
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      ws.send(Buffer.alloc(16 * 1024 * 1024 + 1), { binary: true });
      expect(await closed).toBe(1009);

      const again = await connect();
      again.ws.send('{"t":"req","id":1,"channel":"app.info"}');
      expect(await again.next()).toMatchObject({
        t: 'res',
        id: 1,
        envelope: { result: { runtime: 'harness' } },
      });
      again.ws.close();
      expect(exited).toBeUndefined();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (exited === undefined ? child.once('exit', resolve) : resolve(null)));
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
