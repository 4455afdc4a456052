import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Page } from '@playwright/test';
import { Agent, request } from 'undici';

import type { LabDescription } from '../../lab/lab';
import { CHROMIUM } from '../chromium';
import { startLabProcess, startMainProcess, type MainMemory } from './processes';
import { percentile, type Figure } from './types';

// What the benchmarks at scale share: a lab, main and Chromium started and stopped around the measure, the requests
// main made, re-fetched by bare Node as the floor the app is held to, and the figures every such bench reports.

export const ms = (n: number) => Math.round(n * 10) / 10;
export const mib = (n: number) => Math.round(n / 2 ** 20);

export interface AtScale {
  lab: Awaited<ReturnType<typeof startLabProcess>>;
  main: Awaited<ReturnType<typeof startMainProcess>>;
  /** Chromium on main's page, 1500 × 900. */
  page: Page;
  /** Where `main.record` writes the upstream requests (see `readRecorded`). */
  log: string;
}

/** Starts the lab (`npm run lab` with `labOptions`), main in a fresh data folder and Chromium; all stopped after. */
export async function runAtScale(
  labOptions: readonly string[],
  name: string,
  measure: (app: AtScale) => Promise<Figure[]>,
): Promise<Figure[]> {
  const lab = await startLabProcess(labOptions);
  const dataDirectory = await mkdtemp(join(tmpdir(), `vantage-bench-${name}-`));
  const main = await startMainProcess(dataDirectory);
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(main.url);
    return await measure({ lab, main, page, log: join(dataDirectory, 'requests.jsonl') });
  } finally {
    await browser.close();
    await main.stop();
    lab.stop();
    await rm(dataDirectory, { recursive: true, force: true });
  }
}

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

/** The requests `main.record` logged, one JSON line each. */
export async function readRecorded(log: string): Promise<Recorded[]> {
  return (await readFile(log, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

/**
 * The timed part (`complete` ms) against the floor (`minimumWork` of the same requests), and the floor itself. With
 * several samples of each, the figures are their medians, and the notes give their ranges.
 */
export function floorFigures(
  timed: string,
  complete: number | readonly number[],
  floor: number | readonly number[],
  floorName: string,
): Figure[] {
  const times = typeof complete === 'number' ? [complete] : complete;
  const floors = typeof floor === 'number' ? [floor] : floor;
  const median = (samples: readonly number[]) => percentile(samples, 50);
  const range = (samples: readonly number[]) =>
    samples.length > 1
      ? `; median of ${samples.length}, ${Math.round(Math.min(...samples))}–${Math.round(Math.max(...samples))} ms`
      : '';
  return [
    {
      name: timed,
      value: Math.round(median(times)),
      unit: 'ms',
      note: `${(median(times) / median(floors)).toFixed(2)}× the floor (goal ≤ 1.5×)${range(times)}`,
    },
    {
      name: floorName,
      value: Math.round(median(floors)),
      unit: 'ms',
      note: `bare Node script, same run${range(floors)}`,
    },
  ];
}

/** The work of a filter keystroke (`typingScript`), whose goal is one frame. */
export function keystrokeFigure(typing: { work: number[] }): Figure {
  return {
    name: 'filter keystroke → laid out p95',
    value: ms(percentile(typing.work, 95)),
    unit: 'ms',
    note: `p50 ${ms(percentile(typing.work, 50))} ms, ${typing.work.length} keys (goal < 16)`,
  };
}

/** Main's RSS with the view's data loaded (what the OS charges, goal < 300 MiB) and its peak. */
export function mainRss({ rss, peakRss }: MainMemory, loaded: string): Figure[] {
  return [
    { name: `main RSS, ${loaded} loaded`, value: mib(rss), unit: 'MiB', note: 'goal < 300; main alone' },
    { name: 'main RSS peak', value: mib(peakRss), unit: 'MiB', note: 'highest during the run' },
  ];
}
