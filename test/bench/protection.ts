import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from '@playwright/test';

import type { VantageApi } from '../../common/contract';
import { labProfile } from '../../main/services/demo';
import { CHROMIUM } from '../chromium';
import { minimumWork, typingScript, type Recorded } from './inventory';
import { startLabProcess, startMainProcess } from './processes';
import { percentile, type Benchmark, type Figure } from './types';

// The large tenant: 109,000 registered hosts (about 100,000 protected) in 2,000 groups of 14 runs each.
const VMS = 1_090_000;
const ms = (n: number) => Math.round(n * 10) / 10;
const mib = (n: number) => Math.round(n / 2 ** 20);

/** The Protection view of a large IBM tenant through the harness and Chromium, beside the floor it is held to. */
export const protectionAtScale: Benchmark = {
  name: 'protection groups of a large IBM tenant',
  async run() {
    const lab = await startLabProcess(['--vendors', 'ibm-br', '--vms', String(VMS)]);
    const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-bench-protection-'));
    const main = await startMainProcess(dataDirectory);
    const browser = await chromium.launch(CHROMIUM);
    const log = join(dataDirectory, 'requests.jsonl');
    try {
      const info = lab.description.vendors['ibm-br'];
      if (!info) throw new Error('the lab has no IBM');
      const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await page.goto(main.url);
      // Signed in first, so that the timed part is the listing, like the floor it is compared with.
      await page.evaluate(
        async ({ input, secret, fingerprint256 }) => {
          const api = (window as unknown as { vantage: VantageApi }).vantage;
          const { id } = await api.profiles.create({ profile: { ...input, tags: [] }, secret });
          await api.profiles.trust({ id, fingerprint256 });
          await api.profiles.test({ id });
          // One untimed listing warms the lab up, so that the view and the floor after it meet the same lab.
          await api.protection.groups();
        },
        { ...labProfile(info), fingerprint256: info.fingerprint256 ?? '' },
      );
      await main.record(log);
      const started = performance.now();
      await page
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: 'Protection' })
        .click();
      // Complete: every group listed with its last run (the count reads "N of N groups" once the answer is in).
      await page.waitForFunction(
        () =>
          /^([1-9]\d*) of \1 groups$/.test(
            document.querySelector('.groups .count')?.textContent?.trim() ?? '',
          ),
        undefined,
        { timeout: 300_000, polling: 20 },
      );
      const complete = performance.now() - started;
      await main.stopRecording();
      const recorded = (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Recorded);
      const groups = Number(/^(\d+)/.exec((await page.locator('.groups .count').textContent()) ?? '')?.[1]);
      const floor = await minimumWork(recorded, lab.description);
      const typing = await page.evaluate<{ work: number[]; frames: number[] }>(
        typingScript('Search groups', ['Finance', 'Web-Files', 'Gold', 'Prod-Vol', 'Lab']),
      );
      const memory = await main.memory();
      const withLastRun = await page.evaluate(async () => {
        const listing = await (window as unknown as { vantage: VantageApi }).vantage.protection.groups();
        return listing.groups.filter((g) => g.lastRun).length;
      });
      const figures: Figure[] = [
        {
          name: 'groups listed',
          value: groups,
          unit: 'rows',
          note: `${withLastRun} with their last run; ${recorded.length} upstream requests`,
        },
        {
          name: 'open view → every last run shown',
          value: Math.round(complete),
          unit: 'ms',
          note: `${(complete / floor).toFixed(2)}× the floor (goal ≤ 1.5×)`,
        },
        {
          name: 'floor: same requests fetched + parsed',
          value: Math.round(floor),
          unit: 'ms',
          note: 'bare Node script, same run',
        },
        {
          name: 'filter keystroke → laid out p95',
          value: ms(percentile(typing.work, 95)),
          unit: 'ms',
          note: `p50 ${ms(percentile(typing.work, 50))} ms, ${typing.work.length} keys (goal < 16)`,
        },
        {
          name: 'main RSS, groups loaded',
          value: mib(memory.rss),
          unit: 'MiB',
          note: 'goal < 300; main alone',
        },
        { name: 'main RSS peak', value: mib(memory.peakRss), unit: 'MiB', note: 'highest during the run' },
      ];
      return figures;
    } finally {
      await browser.close();
      await main.stop();
      lab.stop();
      await rm(dataDirectory, { recursive: true, force: true });
    }
  },
};
