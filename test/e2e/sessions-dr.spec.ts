import { readFile, stat } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import type { Task } from '../../common/inventory';
import { DEFAULT_VNC_PASSWORD, startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView } from './inventory-support';
import {
  addAppliance,
  expectStatus,
  freeCandidates,
  idleReplica,
  listing,
  row,
  runAction,
} from './sessions-support';

let lab: Lab;
test.beforeEach(async () => {
  lab = await startLab({ vendors: ['unitrends'], vms: 400, timeScale: 0.05 });
});
test.afterEach(async () => lab.stop());
test.use({ harnessOptions: { backend: { sessionPollMs: 200 } } });

const vantage = (page: Page) => ({
  tasks: () => page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.tasks.list()),
  audit: () => page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({})),
});

async function open(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
}

test('a DR test of five where one cannot start: four measured times, one failure with its reason, nothing left', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  await open(page, harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');
  const five = (await freeCandidates(page)).slice(0, 5);
  const busy = five[3];
  if (five.length < 5 || !busy) throw new Error('not enough free clients');
  // Another session holds the busy client's backup.
  await page.evaluate(
    (request) => (window as unknown as { vantage: TestApi }).vantage.sessions.start(request),
    {
      candidateId: busy.id,
      backupId: busy.backupId,
      target: { kind: 'appliance' as const },
      name: 'holder',
      audit: true,
      powerOn: true,
    },
  );
  await expectStatus(page, 'holder', 'available');

  await page.getByRole('button', { name: 'DR test' }).click();
  const panel = page.getByRole('region', { name: 'DR test' });
  for (const c of five) {
    await panel.getByRole('searchbox').fill(c.name);
    await panel.getByRole('checkbox', { name: new RegExp(`^${c.name} `) }).check();
  }
  await panel.getByRole('combobox', { name: 'Target' }).selectOption({ index: 1 });
  await panel.getByRole('button', { name: 'Start DR test of 5 machines' }).click();
  await expect(panel.getByRole('status')).toHaveText('DR test finished', { timeout: 60_000 });

  const report = panel.getByRole('table', { name: 'DR test report' });
  for (const c of five) {
    const line = report.locator(`tr[data-machine="${c.name}"]`);
    if (c === busy) {
      await expect(line).toContainText('failed');
      await expect(line).toContainText(`Backup ${busy.backupId} is busy`);
      await expect(line).toContainText('tear it down first, or choose another backup');
    } else {
      await expect(line).toContainText('recovered');
      await expect(line.locator('td').nth(3)).toHaveText(/^\d+\.\d s$/);
    }
    await expect(line.locator('td').nth(5)).toHaveText('Yes');
  }
  // Nothing of the test is left on the appliance; the holder is not the test's.
  expect((await listing(page)).sessions.filter((s) => s.name.includes('-dr-'))).toEqual([]);
  await expect(row(page, 'holder')).toBeVisible();

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await readFile((await (await download).path()) ?? '', 'utf8');
  expect(csv.split('\r\n').filter((l) => l.includes(',recovered,'))).toHaveLength(4);
  expect(csv).toContain(',failed,');
  const json = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export JSON' }).click();
  const exported = JSON.parse(await readFile((await (await json).path()) ?? '', 'utf8')) as {
    machines: unknown[];
  };
  expect(exported.machines).toHaveLength(5);
  const entry = (await vantage(page).audit()).find((e) => e.action === 'session.dr-test');
  expect(entry?.message).toMatch(/4 of 5 recovered; failed: .* every session torn down/);
  await page.screenshot({ path: 'test-results/artifacts/dr-test.png' });
});

test('a DR test on the appliance times the first console frame and keeps a PNG screenshot as evidence', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  await open(page, harness.url);
  await addAppliance(page, lab);
  await openView(page, 'Sessions');
  const [one] = await freeCandidates(page);
  if (!one) throw new Error('no free client');
  await page.getByRole('button', { name: 'DR test' }).click();
  const panel = page.getByRole('region', { name: 'DR test' });
  await panel.getByRole('searchbox').fill(one.name);
  await panel.getByRole('checkbox', { name: new RegExp(`^${one.name} `) }).check();
  const appliance = panel.locator('option[value^="appliance|"]');
  await expect(appliance).toHaveCount(1);
  await panel
    .getByRole('combobox', { name: 'Target' })
    .selectOption((await appliance.getAttribute('value')) ?? '');
  await panel.getByLabel(/Console password/).fill(DEFAULT_VNC_PASSWORD);
  await panel.getByRole('button', { name: 'Start DR test of 1 machines' }).click();
  await expect(panel.getByRole('status')).toHaveText('DR test finished', { timeout: 40_000 });
  const line = panel.locator(`tr[data-machine="${one.name}"]`);
  await expect(line).toContainText('recovered');
  await expect(line.locator('td').nth(4)).toHaveText(/^\d+\.\d s$/);

  const json = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export JSON' }).click();
  const exported = JSON.parse(await readFile((await (await json).path()) ?? '', 'utf8')) as {
    machines: { availableMs: number; firstFrameMs: number; screenshot: string }[];
  };
  const [m] = exported.machines;
  expect(m?.firstFrameMs).toBeGreaterThanOrEqual(m?.availableMs ?? Infinity);
  const png = await readFile(m?.screenshot ?? '');
  expect((await stat(m?.screenshot ?? '')).mode & 0o777).toBe(0o600);
  // Chromium decodes it: a real image of the console's size, not just a file.
  const size = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    return [image.width, image.height];
  }, png.toString('base64'));
  expect(size[0]).toBeGreaterThan(100);
  expect(size[1]).toBeGreaterThan(100);
});

test('a monitor-only user is refused in the appliance’s own words', async ({ page, harness }) => {
  await open(page, harness.url);
  await addAppliance(page, lab, { username: 'monitor', password: 'monitor1' });
  await openView(page, 'Sessions');
  const replica = await idleReplica(page);
  await runAction(page, replica.name, 'Start audit');
  await expect
    .poll(async () => (await vantage(page).tasks()).find((t: Task) => t.machineName === replica.name)?.state)
    .toBe('failed');
  const task = (await vantage(page).tasks()).find((t) => t.machineName === replica.name);
  expect(task?.message).toContain('User monitor is not allowed to perform this operation.');
  expect(task?.error?.code).toBe('PERMISSION_DENIED');
});

test('the list stays correct with lab faults on', async ({ page, harness }) => {
  await open(page, harness.url);
  await addAppliance(page, lab);
  const clean = (await listing(page)).sessions.map((s) => s.id).sort();
  // Errors, resets and cut bodies on the listing: GETs are retried, so the list is whole or the profile says why.
  lab.setFaults('unitrends', { errorRate: 0.2, resetRate: 0.1, truncateRate: 0.1, latencyMs: 30 });
  for (let i = 0; i < 4; i++) {
    const faulty = await listing(page);
    if (faulty.failures.length === 0) expect(faulty.sessions.map((s) => s.id).sort()).toEqual(clean);
    else expect(faulty.failures[0]?.message).toMatch(/\S/);
  }
  await openView(page, 'Sessions');
  await expect(page.locator('.count')).toContainText(`of ${clean.length} sessions`, { timeout: 20_000 });
});
