import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { signIn } from '../../lab/ibm-br/test-support';
import { labClient, type LabClient } from '../../lab/core/testing';
import { startLab, type Lab } from '../../lab/lab';
import { expect, test } from './fixtures';
import {
  addIbm,
  childHarness,
  ended,
  enqueue,
  labDownload,
  labOutput,
  listDownloads,
  row,
  updateSettings,
  waitFor,
} from './downloads-support';
import { openView } from './inventory-support';

/** The download manager (issue 13, journey 6) through the harness and the IBM lab. */

test.setTimeout(120_000);

const MiB = 1024 * 1024;
let lab: Lab;
let client: LabClient;
test.beforeEach(async () => {
  lab = await startLab({ vendors: ['ibm-br'], vms: 40, timeScale: 1 });
  client = labClient(lab.vendor('ibm-br'));
});
test.afterEach(async () => {
  await client.close();
  await lab.stop();
});

/** A seeded download-files recovery that succeeded and whose link is still valid. */
async function seededRecovery(): Promise<string> {
  const headers = await signIn(client, lab.vendor('ibm-br'));
  const listing = await client.call('GET', '/v2/data-protect/recoveries', { headers });
  const recoveries = (
    listing.json as {
      recoveries: {
        id: string;
        status: string;
        recoveryAction?: string;
        physicalParams?: { downloadFileAndFolderParams?: { expiryTimeUsecs?: number } };
      }[];
    }
  ).recoveries;
  const usable = recoveries.find(
    (r) =>
      r.status === 'Succeeded' &&
      (r.physicalParams?.downloadFileAndFolderParams?.expiryTimeUsecs ?? 0) > Date.now() * 1000,
  );
  if (!usable) throw new Error('the lab has no valid download-files recovery');
  return usable.id;
}

test('journey 6: a recovery downloaded to disk with the lab’s SHA-256, shown with its hash', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profileId = await addIbm(page, lab);
  const expected = await labOutput(client, await seededRecovery());
  const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: expected.id });
  await openView(page, 'Downloads');
  const done = await waitFor(page, item.id, (d) => ended(d.state));
  expect(done.error).toBeUndefined();
  expect(done.sha256).toBe(expected.sha256);
  await expect(row(page, done.fileName)).toContainText('Completed');
  await row(page, done.fileName).click();
  const detail = page.getByRole('complementary', { name: `Download ${done.fileName}` });
  await expect(detail.getByLabel('SHA-256', { exact: true })).toHaveText(expected.sha256);
  await expect(detail).toContainText('Verified:');
  const bytes = await readFile(join(harness.dataDirectory, 'Downloads', done.fileName));
  expect(bytes.length).toBe(expected.size);
  // The harness has no file manager: it says so in words.
  await detail.getByRole('button', { name: 'Show in folder' }).click();
  await expect(page.getByRole('alert')).toContainText('Only the desktop app');
  // The in-app notification of the end (kept in the history whatever the live area shows now).
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(page.getByRole('list', { name: 'Notification history' })).toContainText(
    `Downloaded ${done.fileName}`,
  );
});

test('pause, resume and cancel from the view', async ({ page, harness }) => {
  await page.goto(harness.url);
  const profileId = await addIbm(page, lab);
  await updateSettings(page, { downloadLimitKBps: 4096, downloadChunks: 2 });
  const lab1 = await labDownload(client, 'big.bin', 24 * MiB);
  const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: lab1.id });
  await openView(page, 'Downloads');
  await waitFor(page, item.id, (d) => d.received >= 8 * MiB);
  await row(page, 'big.bin').click();
  const actions = page.getByRole('group', { name: 'Download actions' });
  await actions.getByRole('button', { name: 'Pause' }).click();
  await expect(row(page, 'big.bin')).toContainText('Paused');
  const paused = await waitFor(page, item.id, (d) => d.state === 'paused');
  await actions.getByRole('button', { name: 'Resume' }).click();
  const resumed = await waitFor(page, item.id, (d) => d.state === 'running' || ended(d.state));
  expect(resumed.received).toBeGreaterThanOrEqual(paused.received);
  const done = await waitFor(page, item.id, (d) => ended(d.state));
  expect(done.sha256).toBe(lab1.sha256);

  const lab2 = await labDownload(client, 'other.bin', 24 * MiB);
  const second = await enqueue(page, { kind: 'recovery', profileId, recoveryId: lab2.id });
  await waitFor(page, second.id, (d) => d.received > 0);
  await row(page, 'other.bin').click();
  await actions.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel download' }).click();
  await expect(row(page, 'other.bin')).toContainText('Cancelled');
  expect(await readdir(join(harness.dataDirectory, 'Downloads'))).toEqual(['big.bin']);
});

test('an expired link is explained, with the advice to create the recovery again', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profileId = await addIbm(page, lab);
  const expired = await labDownload(client, 'expired.tar', 4096, true);
  const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: expired.id });
  await openView(page, 'Downloads');
  const failed = await waitFor(page, item.id, (d) => ended(d.state));
  expect(failed.error?.linkExpired).toBe(true);
  await row(page, failed.fileName).click();
  const detail = page.getByRole('complementary', { name: `Download ${failed.fileName}` });
  await expect(detail.getByRole('alert')).toContainText('expired');
  await expect(detail).toContainText('Create the recovery again in Recoveries');
});

test('hostile upstream names land inside the downloads folder under safe names; nothing is overwritten', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profileId = await addIbm(page, lab);
  const folder = join(harness.dataDirectory, 'Downloads');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'passwd'), 'already here');
  const names = ['../../etc/passwd', 'CON', `${'n'.repeat(300)}.bin`, 'nul\u0000byte.txt'];
  const finished = [];
  for (const name of names) {
    const made = await labDownload(client, name, 3000);
    const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: made.id });
    finished.push({ made, done: await waitFor(page, item.id, (d) => ended(d.state)) });
  }
  for (const { made, done } of finished) {
    expect(done.state).toBe('completed');
    expect(done.sha256).toBe(made.sha256);
  }
  const files = (await readdir(folder)).sort();
  expect(files).toHaveLength(5);
  expect(files).toEqual(expect.arrayContaining(['passwd', 'passwd (1)', '_CON', 'nulbyte.txt']));
  expect(files.find((f) => f.startsWith('nnn'))?.length).toBeLessThanOrEqual(200);
  expect(await readFile(join(folder, 'passwd'), 'utf8')).toBe('already here');
  // Nothing escaped the downloads folder.
  expect(await readdir(join(harness.dataDirectory))).not.toContain('etc');
});

test('resets, cut bodies, 5xx answers and 5-second tokens: the hash still matches', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profileId = await addIbm(page, lab);
  const made = await labDownload(client, 'through-faults.bin', 40 * MiB + 17);
  // 40 MiB at 4 MiB/s: ten seconds, two token lifetimes.
  await updateSettings(page, { downloadLimitKBps: 4096 });
  lab.setFaults('ibm-br', {
    resetRate: 0.1,
    truncateRate: 0.1,
    errorRate: 0.1,
    errorStatus: 503,
    tokenLifetimeSec: 5,
    pathPattern: 'download-files',
  });
  const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: made.id });
  const done = await waitFor(page, item.id, (d) => ended(d.state), 90_000);
  expect(done.error).toBeUndefined();
  expect(done.sha256).toBe(made.sha256);
  expect(lab.refusals().some((r) => r.reason.startsWith('fault injection'))).toBe(true);
});

test('the harness killed in the middle of a download resumes it after a restart', async ({ page }) => {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-e2e-kill-'));
  let harness = await childHarness(dataDirectory);
  try {
    await page.goto(harness.url);
    const profileId = await addIbm(page, lab);
    await updateSettings(page, { downloadLimitKBps: 8192 });
    const made = await labDownload(client, 'killed.bin', 96 * MiB);
    const item = await enqueue(page, { kind: 'recovery', profileId, recoveryId: made.id });
    await waitFor(page, item.id, (d) => d.received >= 24 * MiB);
    harness.child.kill('SIGKILL');
    await new Promise((resolve) => harness.child.once('exit', resolve));
    expect((await readdir(join(dataDirectory, 'Downloads'))).some((f) => f.endsWith('.part'))).toBe(true);

    harness = await childHarness(dataDirectory);
    // The restarted harness may get the same port: a URL that differs only in its fragment (the token) would not
    // reload the page, which would keep the dead socket.
    await page.goto('about:blank');
    await page.goto(harness.url);
    await updateSettings(page, { downloadLimitKBps: 0 });
    const reloaded = (await listDownloads(page)).find((d) => d.id === item.id);
    expect(reloaded?.received).toBeGreaterThanOrEqual(16 * MiB);
    const done = await waitFor(page, item.id, (d) => ended(d.state));
    expect(done.error).toBeUndefined();
    expect(done.sha256).toBe(made.sha256);
  } finally {
    harness.child.kill('SIGTERM');
    await rm(dataDirectory, { recursive: true, force: true });
  }
});
