import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';

import { applyMainHeapPolicy } from '../../main/heap-policy';
import { startHarness } from '../harness/server';

/**
 * main's services (the harness) alone in a process of their own, started by the inventory benchmark with
 * `fork`, so that its memory figures are main's and not the bench runner's or Playwright's. Bundled by the
 * benchmark and run by plain Node, as Electron runs the bundled main.
 *
 * Messages: → `{url}` once listening; `record {file}` starts writing every upstream GET (origin, path, headers) as
 * JSON lines, `stop-recording` ends the file; `memory` answers main's RSS, its peak and the JS heap after a GC.
 */
type Command = { type: 'record'; file: string } | { type: 'stop-recording' } | { type: 'memory' };

applyMainHeapPolicy();
const dataDirectory = process.argv[2] ?? '';
const harness = await startHarness({ dataDirectory });
let log: WriteStream | undefined;

subscribe('undici:request:create', (message) => {
  const r = (message as { request: { origin: string; path: string; method: string; headers: unknown } })
    .request;
  if (log && r.method === 'GET')
    log.write(
      `${JSON.stringify({ origin: r.origin, path: r.path, method: r.method, headers: r.headers })}\n`,
    );
});

/** The peak RSS of this process in bytes (Linux's VmHWM); NaN where /proc is not there. */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const reply = (message: object): void => void process.send?.(message);

process.on('message', (command: Command) => {
  if (command.type === 'record') {
    log = createWriteStream(command.file);
    reply({ type: 'recording' });
  } else if (command.type === 'stop-recording') {
    const ending = log;
    log = undefined;
    ending?.end(() => reply({ type: 'recorded' }));
  } else {
    (globalThis as { gc?: () => void }).gc?.();
    reply({
      type: 'memory',
      rss: process.memoryUsage().rss,
      peakRss: peakRss(),
      heapUsed: process.memoryUsage().heapUsed,
    });
  }
});
process.on('disconnect', () => void harness.stop().then(() => process.exit(0)));
reply({ type: 'ready', url: harness.url });
