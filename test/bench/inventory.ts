import type { Page } from '@playwright/test';

import { VENDOR_IDS } from '../../common/vendors';
import { labProfile } from '../../main/services/demo';
import type { VantageApi } from '../../common/contract';
import {
  floorFigures,
  keystrokeFigure,
  mainRss,
  mib,
  minimumWork,
  ms,
  readRecorded,
  runAtScale,
  typingScript,
} from './at-scale';
import { percentile, type Benchmark, type Figure } from './types';

const VMS = 100_000;

const SCROLL = `(async () => {
  const viewport = document.querySelector('.viewport');
  const intervals = [];
  let last = await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < 150; i++) {
    viewport.scrollTop += 28 * 25;
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    intervals.push(now - last);
    last = now;
  }
  return intervals;
})()`;

const keystrokes = (page: Page) =>
  page.evaluate<{ work: number[]; frames: number[] }>(
    typingScript('Search machines', ['web-prod', 'db-0', '10.20.1', 'node01', 'app']),
  );
const scrollFrames = (page: Page): Promise<number[]> => page.evaluate<number[]>(SCROLL);

/** 100 000 machines over the five lab vendors, through the harness and Chromium, with the floor it is held to. */
export const inventoryAtScale: Benchmark = {
  name: `inventory at ${VMS.toLocaleString('en')} machines`,
  run: () =>
    runAtScale(['--vms', String(VMS)], 'inventory', async ({ lab, main, page, log }) => {
      const inputs = VENDOR_IDS.map((v) => {
        const info = lab.description.vendors[v];
        if (!info) throw new Error(`the lab has no ${v}`);
        return { ...labProfile(info), fingerprint256: info.fingerprint256 ?? '' };
      });
      await page.evaluate(
        (list) =>
          Promise.all(
            list.map(async ({ input, secret, fingerprint256 }) => {
              const api = (window as unknown as { vantage: VantageApi }).vantage;
              const { id } = await api.profiles.create({ profile: { ...input, tags: [] }, secret });
              return api.profiles.trust({ id, fingerprint256 });
            }),
          ),
        inputs,
      );
      await page
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: 'Inventory' })
        .click();
      // Sign in everywhere first, so that the timed refresh measures listing, like the floor it is compared with.
      await page.evaluate(async () => {
        const api = (window as unknown as { vantage: VantageApi }).vantage;
        for (const p of await api.profiles.list()) await api.profiles.test({ id: p.id });
      });
      await main.record(log);
      const started = performance.now();
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page.locator('[data-machine]').first().waitFor();
      const firstRows = performance.now() - started;
      await page.waitForFunction(
        () => {
          const items = [...document.querySelectorAll('.statuses li')];
          return items.length === 5 && items.every((li) => li.classList.contains('ok'));
        },
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const complete = performance.now() - started;
      await main.stopRecording();
      const recorded = await readRecorded(log);
      const rows = Number(/of (\d+)/.exec((await page.locator('.count').textContent()) ?? '')?.[1]);
      const floor = await minimumWork(recorded, lab.description);

      const typing = await keystrokes(page);
      const scrolling = await scrollFrames(page);
      const client = await page.context().newCDPSession(page);
      await client.send('Performance.enable');
      const metrics = (await client.send('Performance.getMetrics')).metrics;
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
      const memory = await main.memory();
      const figures: Figure[] = [
        { name: 'machines listed', value: rows, unit: 'rows', note: `${recorded.length} upstream requests` },
        { name: 'refresh → first rows shown', value: Math.round(firstRows), unit: 'ms' },
        ...floorFigures(
          'refresh → complete inventory',
          complete,
          floor,
          'floor: same pages fetched + parsed',
        ),
        keystrokeFigure(typing),
        {
          name: 'filter keystroke → next frame p95',
          value: ms(percentile(typing.frames, 95)),
          unit: 'ms',
          note: 'frame-aligned: at least one 16.7 ms frame',
        },
        {
          name: 'scroll frame p95',
          value: ms(percentile(scrolling, 95)),
          unit: 'ms',
          note: `p50 ${ms(percentile(scrolling, 50))} ms`,
        },
        ...mainRss(memory, 'inventory'),
        { name: 'main JS heap in use', value: mib(memory.heapUsed), unit: 'MiB', note: 'after a full GC' },
        { name: 'renderer JS heap', value: mib(heap), unit: 'MiB' },
      ];
      return figures;
    }),
};
