import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { test as base } from '@playwright/test';

import { startHarness, type Harness, type HarnessOptions } from '../harness/server';

export interface HarnessFixture extends Harness {
  dataDirectory: string;
  traffic: { direction: 'in' | 'out'; data: string | Uint8Array }[];
}

/** Every test gets its own harness (with the test hooks) and an empty data directory. */
export const test = base.extend<{ harness: HarnessFixture; harnessOptions: Partial<HarnessOptions> }>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-e2e-'));
    const traffic: HarnessFixture['traffic'] = [];
    const harness = await startHarness({
      dataDirectory,
      testHooks: true,
      onTraffic: (direction, data) => traffic.push({ direction, data }),
      ...harnessOptions,
    });
    await use({ ...harness, dataDirectory, traffic });
    await harness.stop();
    await rm(dataDirectory, { recursive: true, force: true, maxRetries: 5 });
  },
});

export { expect } from '@playwright/test';
