import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { build } from 'esbuild';

import type { LabDescription } from '../../lab/lab';

// Benchmarks run the lab and main's services each in a process of their own, as on a user's machine (the upstream
// systems elsewhere, main beside the window): their figures are then not blurred by sharing one event loop with the
// bench runner, Playwright or each other, and main's memory is main's alone.

/** The lab (`npm run lab`) with these options, once it has printed its description. */
export async function startLabProcess(
  options: readonly string[],
): Promise<{ description: LabDescription; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'lab/cli.ts', ...options, '--print-json', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    text += chunk.toString();
    try {
      return { description: JSON.parse(text) as LabDescription, stop: () => child.kill() };
    } catch {
      // not the whole document yet
    }
  }
  throw new Error('the lab did not start');
}

export interface MainMemory {
  rss: number;
  peakRss: number;
  heapUsed: number;
}

/** main's services (test/bench/main-process.ts), bundled and run by plain Node as Electron runs the bundled main. */
export async function startMainProcess(dataDirectory: string) {
  const entry = join('out', 'bench', 'main-process.mjs');
  await build({
    entryPoints: ['test/bench/main-process.ts'],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    external: ['@napi-rs/keyring'],
    // The CommonJS dependencies (ws, undici) require Node's modules.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const child: ChildProcess = fork(entry, [dataDirectory], { execArgv: ['--expose-gc'], stdio: 'inherit' });
  const ask = async <T>(command: object | undefined, answer: string): Promise<T> => {
    const reply = new Promise<T>((resolve) => {
      const listen = (message: { type: string }): void => {
        if (message.type !== answer) return;
        child.off('message', listen);
        resolve(message as T);
      };
      child.on('message', listen);
    });
    if (command) child.send(command);
    return reply;
  };
  const { url } = await ask<{ url: string }>(undefined, 'ready');
  return {
    url,
    record: (file: string) => ask({ type: 'record', file }, 'recording'),
    stopRecording: () => ask({ type: 'stop-recording' }, 'recorded'),
    memory: () => ask<MainMemory>({ type: 'memory' }, 'memory'),
    async stop() {
      child.disconnect();
      await once(child, 'exit');
    },
  };
}
