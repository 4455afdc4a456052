import type { VantageApi } from '../../common/contract';
import { labProfile } from '../../main/services/demo';
import {
  floorFigures,
  keystrokeFigure,
  mainRss,
  minimumWork,
  readRecorded,
  runAtScale,
  typingScript,
} from './at-scale';
import type { Benchmark, Figure } from './types';

// The large tenant: 109,000 registered hosts (about 100,000 protected) in 2,000 groups of 14 runs each.
const VMS = 1_090_000;

/** The Protection view of a large IBM tenant through the harness and Chromium, beside the floor it is held to. */
export const protectionAtScale: Benchmark = {
  name: 'protection groups of a large IBM tenant',
  run: () =>
    runAtScale(
      ['--vendors', 'ibm-br', '--vms', String(VMS)],
      'protection',
      async ({ lab, main, page, log }) => {
        const info = lab.description.vendors['ibm-br'];
        if (!info) throw new Error('the lab has no IBM');
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
        const recorded = await readRecorded(log);
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
          ...floorFigures(
            'open view → every last run shown',
            complete,
            floor,
            'floor: same requests fetched + parsed',
          ),
          keystrokeFigure(typing),
          ...mainRss(memory, 'groups'),
        ];
        return figures;
      },
    ),
};
