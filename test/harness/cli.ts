import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { applyMainHeapPolicy } from '../../main/heap-policy';
import { choosePort } from './free-port';
import { startHarness } from './server';

// `npm run dev:web`: the app in any browser, backed by main's services in this Node process.
const { values } = parseArgs({
  options: {
    // No default: a taken default port falls back to a free one, a taken --port is an error (free-port.ts).
    port: { type: 'string' },
    'data-dir': { type: 'string', default: '.vantage-dev' },
    'test-hooks': { type: 'boolean', default: false },
  },
});
// The harness stands in for main: the same memory policy.
applyMainHeapPolicy();
let port: number;
try {
  port = await choosePort(values.port, 5180);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if (values.port === undefined && port !== 5180)
  console.log('Port 5180 is in use: listening on a free one instead (choose one with --port N).');
const dataDirectory = resolve(values['data-dir']);
await mkdir(dataDirectory, { recursive: true });
const harness = await startHarness({
  dataDirectory,
  port,
  testHooks: values['test-hooks'],
});
console.log(
  `Vantage (browser harness) is running. Open:\n\n  ${harness.url}\n\nData directory: ${dataDirectory}\nPress Ctrl+C to stop.`,
);
const stop = (): void => void harness.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
