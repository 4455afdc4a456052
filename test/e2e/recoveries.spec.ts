import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import type { RecoveryItem } from '../../common/contract/restore';
import type { ProfileView } from '../../common/profiles';
import { labClient, type LabClient } from '../../lab/core/testing';
import { signIn } from '../../lab/ibm-br/test-support';
import { startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test, type HarnessFixture } from './fixtures';
import { finished, labOutput, listDownloads } from './downloads-support';
import { addLabProfile, openView } from './inventory-support';

let lab: Lab;
let client: LabClient;
// 1/20 of real durations (a new recovery runs 1–3 s); real ones where a test must act while one runs.
test.beforeEach(async ({ browserName: _ }, info) => {
  lab = await startLab({
    vendors: ['ibm-br'],
    vms: 400,
    timeScale: info.title.includes('running') ? 1 : 0.05,
  });
  client = labClient(lab.vendor('ibm-br'));
});
test.afterEach(async () => {
  await client.close();
  await lab.stop();
});
test.use({ harnessOptions: { backend: { restorePollMs: 200 } } });

const vantage = (page: Page) => ({
  recoveries: (profileId: string) =>
    page.evaluate(
      (id) => (window as unknown as { vantage: TestApi }).vantage.restore.recoveries({ profileIds: [id] }),
      profileId,
    ),
  audit: () => page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({})),
});

async function openRecoveries(
  page: Page,
  url: string,
  patch: { name?: string; readOnly?: boolean } = {},
): Promise<ProfileView> {
  await page.setViewportSize({ width: 1700, height: 950 });
  await page.goto(url);
  const profile = await addLabProfile(page, lab.vendor('ibm-br'), { name: 'Lab IBM', ...patch });
  await openView(page, 'Recoveries');
  await expect(page.getByText(/^\d+ of \d+ recoveries/)).toHaveText(/^8 of 8 recoveries/, {
    timeout: 15_000,
  });
  return profile;
}

/** The harness's downloads folder (Settings left at its default). */
const onDisk = (harness: HarnessFixture, fileName: string): Promise<Buffer> =>
  readFile(join(harness.dataDirectory, 'Downloads', fileName));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const row = (page: Page, name: string) => page.locator(`[role="row"][data-recovery="${name}"]`);
const rows = (page: Page) => page.locator('[role="row"][data-recovery]');
const statusOf = (page: Page, name: string) => row(page, name).getByRole('gridcell').nth(3);
const detail = (page: Page) => page.getByRole('complementary', { name: /^Recovery / });
const expiredOf = async (page: Page, profileId: string): Promise<RecoveryItem> => {
  const found = (await vantage(page).recoveries(profileId)).recoveries.find((r) => r.download?.expired);
  if (!found) throw new Error('the lab seeds an expired download');
  return found;
};

test('journey 6: a deleted file found by name, a restore point picked by date, a download recovery followed to Succeeded, then both downloads land on disk with the lab’s bytes', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  const profile = await openRecoveries(page, harness.url);

  await page.getByRole('button', { name: 'Restore files' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore files' });
  await dialog.getByLabel('File or folder name').fill('notes*');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await expect(dialog.getByText(/^\d+ match(es)? on \d+ hosts?/)).toBeVisible({ timeout: 15_000 });
  const hits = dialog.locator('[role="row"][data-hit]');
  const first = hits.first();
  const [host, path] = ((await first.getAttribute('data-hit')) ?? '').split(':');
  if (!host || !path) throw new Error('a hit without host and path');
  expect(path).toMatch(/\/notes[^/]*$/);
  await first.click();

  // The restore points of that host: pick the second newest one by its date.
  const picker = dialog.getByRole('combobox', { name: 'Restore point' });
  await expect(picker.locator('option').nth(1)).toBeAttached({ timeout: 10_000 });
  const older = await picker.locator('option').nth(1).getAttribute('value');
  const takenDay = await page.evaluate(
    async ({ host, id }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      const [hit] = (await api.restore.searchFiles({ text: 'notes*' })).hits.filter(
        (h) => h.objectName === host,
      );
      const all = await api.restore.snapshots({
        profileId: hit?.profileId ?? '',
        objectId: hit?.objectId ?? 0,
      });
      const taken = new Date(all.find((s) => s.id === id)?.takenAt ?? '');
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${taken.getFullYear()}-${pad(taken.getMonth() + 1)}-${pad(taken.getDate())}`;
    },
    { host, id: older },
  );
  await dialog.getByLabel('From', { exact: true }).fill(takenDay);
  await dialog.getByLabel('To', { exact: true }).fill(takenDay);
  await dialog.getByLabel('To', { exact: true }).dispatchEvent('change');
  await expect(picker.locator(`option[value="${older}"]`)).toBeAttached();
  await picker.selectOption(older ?? '');
  await expect(dialog.getByRole('checkbox', { name: path })).toBeChecked();
  // One file can come straight from its snapshot: the download manager fetches it into the downloads folder.
  await dialog.getByRole('button', { name: 'Download this file' }).click();
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  await expect(dialog.getByRole('status', { name: 'Download queued' })).toContainText(
    `Downloading ${fileName}`,
  );
  const single = (await listDownloads(page)).find(
    (d) => d.source.kind === 'snapshot-file' && d.source.snapshotId === older && d.source.filePath === path,
  );
  if (!single) throw new Error('the manager holds no download of that snapshot file');
  const file = await finished(page, single.id);
  expect(file.error).toBeUndefined();
  const bytes = await onDisk(harness, file.fileName);
  expect(sha256(bytes)).toBe(file.sha256);
  // The size the lab serves that file with, asked of the lab directly.
  const served = await client.call(
    'GET',
    `/v2/data-protect/snapshots/${encodeURIComponent(older ?? '')}/download-file?filePath=${encodeURIComponent(path)}`,
    { headers: await signIn(client, lab.vendor('ibm-br')) },
  );
  expect(bytes.length).toBe(Number(served.headers['content-length']));
  // The deleted folder as well as the file in it.
  const folder = path.slice(0, path.lastIndexOf('/'));
  await dialog.getByRole('checkbox', { name: `${folder}/ (folder)` }).check();
  await dialog.getByRole('button', { name: 'Create download recovery' }).click();
  await expect(dialog).toBeHidden();

  // The new recovery is selected and followed to its end.
  await expect(detail(page)).toHaveAccessibleName(new RegExp(`^Recovery Download_${host}_`));
  const name = ((await detail(page).getAttribute('aria-label')) ?? '').replace(/^Recovery /, '');
  await expect(statusOf(page, name)).toHaveText('Succeeded', { timeout: 30_000 });
  const files = detail(page).getByRole('list', { name: 'Files and folders' });
  await expect(files.getByRole('listitem')).toHaveCount(2);
  await expect(files).toContainText(new RegExp(`${path}\\s*Finished`));
  await expect(files).toContainText(new RegExp(`${folder}/\\s*Finished`));
  await expect(detail(page)).toContainText(/Download link\s*valid until/);

  // Download: the manager fetches the recovery's output; "Show in Downloads" follows it there.
  await detail(page).getByRole('button', { name: 'Download' }).click();
  const queued = detail(page).getByRole('status', { name: 'Download queued' });
  await expect(queued).toContainText('Downloading');
  const created = (await vantage(page).recoveries(profile.id)).recoveries.find((r) => r.name === name);
  const item = (await listDownloads(page)).find(
    (d) => d.source.kind === 'recovery' && d.source.recoveryId === created?.id,
  );
  if (!created || !item) throw new Error('the manager holds no download of the new recovery');
  await queued.getByRole('button', { name: 'Show in Downloads' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Downloads');
  const shown = page.getByRole('complementary', { name: `Download ${item.fileName}` });
  await expect(shown).toBeVisible();
  const done = await finished(page, item.id);
  expect(done.error).toBeUndefined();
  const expected = await labOutput(client, created.id);
  expect(done.sha256).toBe(expected.sha256);
  await expect(shown.getByLabel('SHA-256', { exact: true })).toHaveText(expected.sha256);
  const output = await onDisk(harness, done.fileName);
  expect(output.length).toBe(expected.size);
  expect(sha256(output)).toBe(expected.sha256);
  expect(await vantage(page).audit()).toContainEqual(
    expect.objectContaining({ action: 'restore.createDownload', outcome: 'succeeded' }),
  );
});

test('filters narrow the list: status, type, start time, profile and search', async ({ page, harness }) => {
  const first = await openRecoveries(page, harness.url);
  await addLabProfile(page, lab.vendor('ibm-br'), { name: 'Second IBM' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText(/^\d+ of \d+ recoveries/)).toHaveText(/^16 of 16 recoveries/);
  const count = page.getByText(/^\d+ of \d+ recoveries/);

  await page.getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Lab IBM' });
  await expect(count).toHaveText(/^8 of 8 recoveries/);
  await expect(rows(page).first().getByRole('gridcell').nth(1)).toHaveText('Lab IBM');

  await page.getByRole('combobox', { name: 'Status' }).selectOption('Failed');
  await expect(count).toHaveText(/^1 of 1 recoveries/);
  await expect(rows(page).getByRole('gridcell').nth(3)).toHaveText('Failed');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('');

  await page.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Restore files' });
  await expect(count).toHaveText(/^2 of 2 recoveries/);
  for (const each of await rows(page).all())
    await expect(each.getByRole('gridcell').nth(2)).toHaveText('Restore files');
  await page.getByRole('combobox', { name: 'Type' }).selectOption('');

  // The expired download started eight days ago; the others within two days.
  await page.getByRole('combobox', { name: 'Started' }).selectOption({ label: 'Last 7 days' });
  await expect(count).toHaveText(/^7 of 7 recoveries/);
  const expired = await expiredOf(page, first.id);
  await expect(row(page, expired.name)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Started' }).selectOption('');

  const some = (await vantage(page).recoveries(first.id)).recoveries[0];
  await page.getByLabel('Search recoveries').fill(some?.name ?? '');
  await expect(count).toHaveText(/^1 of 8 recoveries/);
  await expect(rows(page)).toHaveCount(1);
});

test('an expired download link is explained, and the recovery created again can be downloaded', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  const profile = await openRecoveries(page, harness.url);
  const expired = await expiredOf(page, profile.id);
  await row(page, expired.name).click();
  const note = detail(page).getByRole('note', { name: 'Expired download link' });
  await expect(note).toContainText('this link expired on');
  await expect(detail(page)).toContainText(/Download link\s*expired/);
  await expect(detail(page).getByRole('button', { name: 'Download' })).toHaveCount(0);

  await note.getByRole('button', { name: 'Create the recovery again' }).click();
  await expect(detail(page)).not.toHaveAccessibleName(`Recovery ${expired.name}`);
  const name = ((await detail(page).getAttribute('aria-label')) ?? '').replace(/^Recovery /, '');
  await expect(statusOf(page, name)).toHaveText('Succeeded', { timeout: 30_000 });
  const again = (await vantage(page).recoveries(profile.id)).recoveries.find((r) => r.name === name);
  expect(again?.objectId).toBe(expired.objectId);
  expect(again?.files.map((f) => f.path)).toEqual(expired.files.map((f) => f.path));
  await expect(detail(page).getByRole('button', { name: 'Download' })).toBeVisible();
});

test('cancel of a running recovery: confirmed, then followed until the service says Canceled', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  const profile = await openRecoveries(page, harness.url);
  const started = await page.evaluate(async (profileId) => {
    const api = (window as unknown as { vantage: TestApi }).vantage;
    const [hit] = (await api.restore.searchFiles({ text: 'notes*', profileIds: [profileId] })).hits;
    const [snapshot] = await api.restore.snapshots({ profileId, objectId: hit?.objectId ?? 0 });
    return api.restore.createDownload({
      profileId,
      snapshotId: snapshot?.id ?? '',
      items: [{ path: hit?.path ?? '', isDirectory: false }],
    });
  }, profile.id);
  const name = started.recovery.name;
  await expect(statusOf(page, name)).toHaveText(/Accepted|Running/);
  await row(page, name).click();
  await detail(page).getByRole('button', { name: 'Cancel recovery' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel recovery' }).click();
  await expect(statusOf(page, name)).toHaveText('Canceled', { timeout: 20_000 });
  await expect(detail(page).getByRole('button', { name: 'Cancel recovery' })).toHaveCount(0);
  await expect
    .poll(async () => (await vantage(page).audit()).map((e) => `${e.action} ${e.outcome}`))
    .toEqual(expect.arrayContaining(['restore.cancel succeeded', 'restore.createDownload cancelled']));
});

test('a read-only profile: the recovery is not created again, refused in main and audited', async ({
  page,
  harness,
}) => {
  const profile = await openRecoveries(page, harness.url, { readOnly: true });
  const expired = await expiredOf(page, profile.id);
  await row(page, expired.name).click();
  await detail(page).getByRole('button', { name: 'Create the recovery again' }).click();
  await expect(detail(page).getByRole('alert')).toContainText('is read-only');
  await expect(page.getByText(/^\d+ of \d+ recoveries/)).toHaveText(/^8 of 8 recoveries/);
  expect(await vantage(page).audit()).toContainEqual(
    expect.objectContaining({ action: 'restore.createDownload', outcome: 'refused', profileId: profile.id }),
  );
});
