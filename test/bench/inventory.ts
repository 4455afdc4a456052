import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Page } from '@playwright/test';
import { Agent, request } from 'undici';

import { VENDOR_IDS } from '../../common/vendors';
import type { LabDescription } from '../../lab/lab';
import { labProfile } from '../../main/services/demo';
import type { VantageApi } from '../../common/contract';
import { CHROMIUM } from '../chromium';
import { startLabProcess, startMainProcess, type MainMemory } from './processes';
import { percentile, type Benchmark, type Figure } from './types';

const VMS = 100_000;

export interface Recorded {
  origin: string;
  path: string;
  method: string;
  headers: string[] | Record<string, string>;
}

/** Re-fetches exactly the listing requests the app made and parses them: the least any client could do. */
export async function minimumWork(
  requests: readonly Recorded[],
  description: LabDescription,
): Promise<number> {
  const pems = Object.values(description.vendors).flatMap((v) =>
    v.certificatePem ? [v.certificatePem] : [],
  );
  const dispatcher = new Agent({
    connect: { ca: pems, checkServerIdentity: () => undefined },
    connections: 8,
  });
  const started = performance.now();
  const byOrigin = new Map<string, Recorded[]>();
  for (const r of requests) byOrigin.set(r.origin, [...(byOrigin.get(r.origin) ?? []), r]);
  // The same concurrency as the connectors (8 per server), all servers at once.
  await Promise.all(
    [...byOrigin.values()].map(async (list) => {
      const queue = [...list];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let r = queue.shift(); r; r = queue.shift()) {
            const answer = await request(r.origin + r.path, {
              method: r.method as 'GET',
              headers: r.headers,
              dispatcher,
            });
            const text = await answer.body.text();
            if (text) JSON.parse(text);
          }
        }),
      );
    }),
  );
  const elapsed = performance.now() - started;
  await dispatcher.close();
  return elapsed;
}

// Page-side measurements as plain source: tsx would wrap named functions in helpers the page does not have.
// Per keystroke: the work (input → Svelte update → style and layout, forced) and when the next frame starts. The
// latter cannot be under one frame (16.7 ms at 60 Hz) by construction, so the goal applies to the work.
export const typingScript = (label: string, words: readonly string[]): string => `(async () => {
  const input = document.querySelector('input[aria-label="${label}"]');
  const work = [];
  const frames = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  for (const word of ${JSON.stringify(words)}) {
    for (let i = 1; i <= word.length; i++) {
      await frame();
      const started = performance.now();
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await Promise.resolve();
      await Promise.resolve();
      document.body.getBoundingClientRect();
      work.push(performance.now() - started);
      frames.push((await frame()) - started);
    }
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await frame();
  return { work, frames };
})()`;

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

const ms = (n: number) => Math.round(n * 10) / 10;

/** Main's memory with the inventory loaded: RSS (what the OS charges, goal < 300 MiB), its peak, the live heap. */
function mainMemory({ rss, peakRss, heapUsed }: MainMemory): Figure[] {
  const mib = (n: number) => Math.round(n / 2 ** 20);
  return [
    { name: 'main RSS, inventory loaded', value: mib(rss), unit: 'MiB', note: 'goal < 300; main alone' },
    { name: 'main RSS peak', value: mib(peakRss), unit: 'MiB', note: 'highest during the run' },
    { name: 'main JS heap in use', value: mib(heapUsed), unit: 'MiB', note: 'after a full GC' },
  ];
}

/** 100 000 machines over the five lab vendors, through the harness and Chromium, with the floor it is held to. */
export const inventoryAtScale: Benchmark = {
  name: `inventory at ${VMS.toLocaleString('en')} machines`,
  async run() {
    const lab = await startLabProcess(['--vms', String(VMS)]);
    const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-bench-inventory-'));
    const main = await startMainProcess(dataDirectory);
    const browser = await chromium.launch(CHROMIUM);
    const log = join(dataDirectory, 'requests.jsonl');
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await page.goto(main.url);
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
      const recorded = (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Recorded);
      const rows = Number(/of (\d+)/.exec((await page.locator('.count').textContent()) ?? '')?.[1]);
      const floor = await minimumWork(recorded, lab.description);

      const typing = await keystrokes(page);
      const scrolling = await scrollFrames(page);
      const client = await page.context().newCDPSession(page);
      await client.send('Performance.enable');
      const metrics = (await client.send('Performance.getMetrics')).metrics;
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
      const figures: Figure[] = [
        { name: 'machines listed', value: rows, unit: 'rows', note: `${recorded.length} upstream requests` },
        { name: 'refresh → first rows shown', value: Math.round(firstRows), unit: 'ms' },
        {
          name: 'refresh → complete inventory',
          value: Math.round(complete),
          unit: 'ms',
          note: `${(complete / floor).toFixed(2)}× the floor (goal ≤ 1.5×)`,
        },
        {
          name: 'floor: same pages fetched + parsed',
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
        ...mainMemory(await main.memory()),
        { name: 'renderer JS heap', value: Math.round(heap / 2 ** 20), unit: 'MiB' },
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
