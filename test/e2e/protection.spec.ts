import type { Page } from '@playwright/test';

import type { ProfileView } from '../../common/profiles';
import { startLab, type Lab } from '../../lab/lab';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView } from './inventory-support';
import {
  addIbm as addLabIbm,
  audit,
  detail,
  group,
  groupRows,
  openIbmProtection,
  openProtection,
} from './protection-support';

/** Protection groups, runs and retention of IBM Cloud Backup and Recovery (issue 15 A, journey 7) against the lab. */

test.setTimeout(180_000);

let lab: Lab;
test.beforeEach(async () => {
  // 100 hosts in 8 groups; runs last 30–90 s at 1/50 of real time.
  lab = await startLab({ vendors: ['ibm-br'], vms: 1000, timeScale: 0.02 });
});
test.afterEach(async () => {
  await lab.stop();
});

const addIbm = (page: Page, name: string, readOnly = false): Promise<ProfileView> =>
  addLabIbm(page, lab, name, readOnly);

test('journey 7: failed groups, a run’s error read, Run now followed to Succeeded, another group paused and resumed', async ({
  page,
  harness,
}) => {
  await openIbmProtection(page, harness.url, lab);

  // Groups whose last run failed.
  await page.getByLabel('Filter by last run').selectOption('Failed');
  const failedNames = await groupRows(page).evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('data-group') ?? ''),
  );
  expect(failedNames.length).toBeGreaterThan(0);
  for (const name of failedNames)
    await expect(group(page, name).getByRole('gridcell').nth(6)).toHaveText('Failed');

  // Its newest run and the error of the object that failed, in IBM's words.
  await group(page, failedNames[0] ?? '').click();
  await expect(detail(page)).toBeVisible();
  const newest = detail(page).getByRole('grid', { name: 'Runs' }).locator('[data-run]').first();
  await expect(newest).toHaveAttribute('data-status', 'Failed');
  await newest.click();
  const run = page.getByRole('region', { name: /^Run / });
  const note = run.getByRole('note').first();
  await expect(note).not.toBeEmpty();
  const message = (await note.textContent()) ?? '';
  const failedObject = run
    .getByRole('grid', { name: 'Objects of the run' })
    .getByRole('row')
    .filter({ hasText: 'Failed' });
  await expect(failedObject.first()).toContainText(message.slice(0, 40));

  // A healthy group run now (full), followed by its task to Succeeded.
  await page.getByLabel('Filter by last run').selectOption('Succeeded');
  const healthy = groupRows(page).first();
  const healthyName = (await healthy.getAttribute('data-group')) ?? '';
  await healthy.click();
  await detail(page).getByRole('button', { name: 'Run now…' }).click();
  const dialog = page.getByRole('dialog', { name: `Run ${healthyName} now` });
  await dialog.getByLabel('Type').selectOption('kFull');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByText(/^A full run of .* started/)).toBeVisible();
  const first = detail(page).getByRole('grid', { name: 'Runs' }).locator('[data-run]').first();
  await expect(first).toHaveAttribute('data-status', 'Succeeded', { timeout: 60_000 });
  await expect(first).toContainText('Full');
  await expect
    .poll(async () => (await audit(page, 'protection.runNow')).map((e) => e.outcome), { timeout: 30_000 })
    .toEqual(['succeeded']);

  // Another group's future runs paused for a maintenance window, then resumed.
  await page.getByLabel('Filter by last run').selectOption('');
  await page.getByLabel('Filter by paused').selectOption('active');
  const other = groupRows(page).filter({ hasNotText: healthyName }).first();
  const otherName = (await other.getAttribute('data-group')) ?? '';
  await other.click();
  const bulk = page.getByRole('group', { name: 'Selected groups' });
  await bulk.getByRole('button', { name: 'Pause future runs' }).click();
  await page.getByLabel('Filter by paused').selectOption('paused');
  await expect(group(page, otherName)).toBeVisible({ timeout: 30_000 });
  await expect(detail(page)).toContainText('future runs paused');
  await bulk.getByRole('button', { name: 'Resume future runs' }).click();
  await page.getByLabel('Filter by paused').selectOption('active');
  await expect(group(page, otherName)).toBeVisible({ timeout: 30_000 });
  const entries = await audit(page, otherName);
  expect(entries.map((e) => e.action).sort()).toEqual(['protection.pause', 'protection.resume']);
});

test('a group created from registered objects, run, and deleted with its snapshots behind a typed count', async ({
  page,
  harness,
}) => {
  await openIbmProtection(page, harness.url, lab);

  await page.getByRole('button', { name: 'New group' }).click();
  const form = page.getByRole('form', { name: 'New protection group' });
  await form.getByLabel('Name').fill('E2E group');
  await form.getByLabel('Policy').selectOption({ index: 1 });
  const objects = form.getByRole('grid', { name: 'Registered objects' }).locator('[data-object]');
  await objects.nth(0).click();
  await objects.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await expect(form).toContainText('2 chosen objects');
  await form.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('E2E group created.', { exact: true })).toBeVisible();

  await page.getByLabel('Search groups').fill('E2E group');
  await group(page, 'E2E group').click();
  await expect(detail(page)).toContainText('2 objects');
  await detail(page).getByRole('button', { name: 'Run now…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start run' }).click();
  const first = detail(page).getByRole('grid', { name: 'Runs' }).locator('[data-run]').first();
  await expect(first).toHaveAttribute('data-status', 'Succeeded', { timeout: 60_000 });

  await detail(page).getByRole('button', { name: 'Delete with its snapshots…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete E2E group and its snapshots' });
  await expect(confirm).toContainText('local snapshots of its 1 run (2 objects)');
  const button = confirm.getByRole('button', { name: 'Delete' });
  await expect(button).toBeDisabled();
  await confirm.getByLabel('Type 1 to confirm').fill('1');
  await button.click();
  await expect(page.getByText('E2E group deleted.', { exact: true })).toBeVisible();
  await expect(group(page, 'E2E group')).toHaveCount(0);
  const [deleted] = await audit(page, 'protection.deleteGroup');
  expect(deleted).toMatchObject({ outcome: 'succeeded', options: { deleteSnapshots: true } });
  expect(deleted?.message).toContain('with its snapshots');
});

test('a bulk retention dry run shows each run’s expiry and refuses to shorten until confirmed', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addIbm(page, 'Lab IBM');
  await openView(page, 'Protection');
  await page.getByRole('tab', { name: 'Retention' }).click();
  const groups = page.getByRole('grid', { name: 'Groups for retention' }).locator('[data-group]');
  await groups.nth(0).click();
  await groups.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await page.getByLabel('Days to keep').fill('1');
  await page.getByRole('button', { name: 'Dry run' }).click();
  const plan = page.getByRole('grid', { name: 'Retention dry run' });
  await expect(plan.locator('[data-shortens="true"]').first()).toBeVisible();
  await expect(page.getByText(/would expire sooner than now/)).toBeVisible();
  const apply = page.getByRole('button', { name: /^Apply to/ });
  await expect(apply).toBeDisabled();

  // Main refuses too, whatever the page does.
  const refusal = await page.evaluate(async () => {
    const api = (window as unknown as { vantage: TestApi }).vantage;
    const { groups } = await api.protection.groups();
    const ref = { profileId: groups[0]?.profileId ?? '', groupId: groups[0]?.id ?? '' };
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    return api.protection
      .retentionApply({ groups: [ref], from, to, daysToKeep: 1, allowShorten: false })
      .then(() => 'applied')
      .catch((error: { code: string; message: string }) => `${error.code}: ${error.message}`);
  });
  expect(refusal).toMatch(/^CONFLICT: .*would expire sooner than now/);

  // A longer retention goes through, each run with its outcome.
  await page.getByLabel('Days to keep').fill('3650');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(plan.locator('[data-shortens="true"]')).toHaveCount(0);
  await expect(page.getByText('none would expire sooner')).toBeVisible();
  await apply.click();
  await expect(plan.getByRole('gridcell', { name: 'Changed' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(plan.getByRole('gridcell', { name: /^Refused/ })).toHaveCount(0);
});

test('a read-only profile’s groups are shown and every change is refused in main', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addIbm(page, 'Lab IBM read-only', true);
  await openProtection(page);
  const name = (await groupRows(page).first().getAttribute('data-group')) ?? '';
  await groupRows(page).first().click();
  await page
    .getByRole('group', { name: 'Selected groups' })
    .getByRole('button', { name: 'Pause future runs' })
    .click();
  await expect(page.getByRole('alert').filter({ hasText: 'is read-only' })).toBeVisible();
  await detail(page).getByRole('button', { name: 'Run now…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('read-only');
  const refused = await audit(page, name);
  expect(refused.map((e) => `${e.action} ${e.outcome}`).sort()).toEqual([
    'protection.pause refused',
    'protection.runNow refused',
  ]);
});
