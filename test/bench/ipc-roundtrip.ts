import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import WebSocket from 'ws';

import { HARNESS_PROTOCOL, tokenProtocol } from '../harness/protocol';
import { startHarness } from '../harness/server';
import { percentile, type Benchmark } from './types';

const CALLS = 2000;

/** Request/answer latency through the harness transport and the shared IPC wrapper (validation included). */
export const ipcRoundTrip: Benchmark = {
  name: 'IPC round trip (harness)',
  async run() {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-bench-'));
    const harness = await startHarness({ dataDirectory });
    const ws = new WebSocket(
      `${harness.origin.replace('http', 'ws')}/__harness/ws`,
      [HARNESS_PROTOCOL, tokenProtocol(harness.token)],
      { origin: harness.origin },
    );
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const samples: number[] = [];
    for (let id = 1; id <= CALLS; id++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        ws.once('message', () => resolve());
        ws.send(JSON.stringify({ t: 'req', id, channel: 'app.info' }));
      });
      samples.push(performance.now() - started);
    }
    ws.close();
    await harness.stop();
    await rm(dataDirectory, { recursive: true, force: true });
    const ms = (n: number) => Math.round(n * 1000) / 1000;
    return [
      { name: 'app.info p50', value: ms(percentile(samples, 50)), unit: 'ms', note: `${CALLS} calls` },
      { name: 'app.info p95', value: ms(percentile(samples, 95)), unit: 'ms' },
    ];
  },
};
