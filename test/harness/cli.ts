import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { applyMainHeapPolicy } from '../../main/heap-policy';
import { startHarness } from './server';

// `npm run dev:web`: the app in any browser, backed by main's services in this Node process.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    'data-dir': { type: 'string', default: '.vantage-dev' },
    'test-hooks': { type: 'boolean', default: false },
  },
});
// The harness stands in for main: the same memory policy.
applyMainHeapPolicy();
const dataDirectory = resolve(values['data-dir']);
await mkdir(dataDirectory, { recursive: true });
const harness = await startHarness({
  dataDirectory,
  port: Number(values.port),
  testHooks: values['test-hooks'],
});
console.log(
  `Vantage (browser harness) is running. Open:\n\n  ${harness.url}\n\nData directory: ${dataDirectory}\nPress Ctrl+C to stop.`,
);
const stop = (): void => void harness.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
