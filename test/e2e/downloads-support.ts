import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { expect, type Page } from '@playwright/test';

import type { DownloadItem, DownloadSource } from '../../common/contract/downloads';
import type { SettingsPatch } from '../../common/settings';
import type { LabClient } from '../../lab/core/testing';
import type { Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { addLabProfile } from './inventory-support';

/* Downloads e2e support: an IBM profile of the lab, lab-made downloads, the manager's list, a harness to kill. */

/** The lab's IBM instance as a profile; returns its id. */
export const addIbm = async (page: Page, lab: Lab): Promise<string> =>
  (await addLabProfile(page, lab.vendor('ibm-br'), { name: 'Lab IBM' })).id;

/** A finished download-files recovery made by the lab (any size, any upstream name): its id, size and SHA-256. */
export async function labDownload(
  client: LabClient,
  fileName: string,
  size: number,
  expired = false,
): Promise<{ id: string; size: number; sha256: string }> {
  const made = await client.call('POST', '/lab/downloads', { body: { fileName, size, expired } });
  if (made.status !== 201) throw new Error(`lab download: ${made.status} ${made.text}`);
  return labOutput(client, (made.json as { id: string }).id);
}

/** The size and SHA-256 of what a recovery's download serves, as the lab computes them (recoveryOutputSha256). */
export async function labOutput(
  client: LabClient,
  id: string,
): Promise<{ id: string; size: number; sha256: string }> {
  const facts = await client.call('GET', `/lab/downloads/${encodeURIComponent(id)}`);
  return { id, ...(facts.json as { size: number; sha256: string }) };
}

export const enqueue = (page: Page, source: DownloadSource): Promise<DownloadItem> =>
  page.evaluate(
    (source) => (window as unknown as { vantage: TestApi }).vantage.downloads.enqueue({ source }),
    source,
  );

export const updateSettings = (page: Page, patch: SettingsPatch): Promise<unknown> =>
  page.evaluate((patch) => (window as unknown as { vantage: TestApi }).vantage.settings.update(patch), patch);

export const listDownloads = (page: Page): Promise<DownloadItem[]> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.downloads.list());

/** Waits until main's list shows the download in a state that `done` accepts. */
export async function waitFor(
  page: Page,
  id: string,
  done: (item: DownloadItem) => boolean,
  timeout = 60_000,
): Promise<DownloadItem> {
  let last: DownloadItem | undefined;
  await expect
    .poll(
      async () => {
        last = (await listDownloads(page)).find((d) => d.id === id);
        return last !== undefined && done(last);
      },
      { timeout, intervals: [100, 250, 500] },
    )
    .toBe(true);
  return last as DownloadItem;
}

/** Whether a download has reached its end (completed, failed or cancelled). */
export const ended = (state: string): boolean => ['completed', 'failed', 'cancelled'].includes(state);

/** Waits until the download has reached its end. */
export const finished = (page: Page, id: string): Promise<DownloadItem> =>
  waitFor(page, id, (d) => ended(d.state));

export const row = (page: Page, fileName: string) =>
  page.locator(`[role="row"][data-download="${fileName}"]`);

/** The harness in a child process (so that it can be killed with SIGKILL), on a data directory of the test's. */
export async function childHarness(dataDirectory: string): Promise<{ url: string; child: ChildProcess }> {
  // One process (no npx or tsx wrapper in between): SIGKILL must reach the harness itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/harness/cli.ts', '--data-dir', dataDirectory, '--test-hooks'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the harness exited (${code}) before it listened`)));
    lines.on('line', (line) => {
      const found = /(http:\/\/127\.0\.0\.1:\d+\S*)/.exec(line);
      if (found?.[1]) resolve(found[1]);
    });
  });
  return { url, child };
}
