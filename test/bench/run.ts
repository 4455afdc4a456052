import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

import { bundleSize } from './bundle-size';
import { consoleBridge } from './console';
import { downloadsBench } from './downloads';
import { inventoryAtScale } from './inventory';
import { ipcRoundTrip } from './ipc-roundtrip';
import { labStartup } from './lab-startup';
import { protectionAtScale } from './protection';
import type { Benchmark, Figure } from './types';

// `npm run bench`: every figure measured in the same run on the same machine. Issues add their benchmarks here.
const benchmarks: Benchmark[] = [
  bundleSize,
  ipcRoundTrip,
  labStartup,
  inventoryAtScale,
  consoleBridge,
  protectionAtScale,
  downloadsBench,
];

const only = process.argv.slice(2);
const results: { benchmark: string; figures: Figure[] }[] = [];
console.log(
  `Vantage benchmarks on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}\n`,
);
for (const benchmark of benchmarks) {
  if (only.length && !only.some((o) => benchmark.name.includes(o))) continue;
  const figures = await benchmark.run();
  results.push({ benchmark: benchmark.name, figures });
  console.log(benchmark.name);
  for (const f of figures)
    console.log(`  ${f.name.padEnd(34)} ${String(f.value).padStart(10)} ${f.unit.padEnd(6)} ${f.note ?? ''}`);
}
await mkdir('test-results', { recursive: true });
await writeFile(
  'test-results/bench.json',
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
