import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import type { InventorySnapshot } from '../../common/inventory';
import { VENDOR_LABELS } from '../../common/vendors';
import { startLab, type Lab } from '../../lab/lab';
import { startHarness } from '../harness/server';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView, refreshAll, search, shownCount, viewMenu, openLabInventory } from './inventory-support';

let lab: Lab;
test.beforeEach(async () => {
  lab = await startLab({ vms: 150, timeScale: 0.05 });
});
test.afterEach(async () => lab.stop());

const snapshot = (page: Page): Promise<InventorySnapshot> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot());
const grid = (page: Page) => page.getByRole('grid', { name: 'Machines' });
const viewport = (page: Page) => grid(page).locator('.viewport');

test('search, filters, sort, selection and scroll survive a visit to another view; columns survive a restart', async ({
  page,
  harness,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLabInventory(page, harness.url, lab);

  await search(page, '-0');
  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: VENDOR_LABELS.vcenter });
  // Name is the sort already: a click turns it around.
  await page.getByRole('columnheader', { name: /^Name/ }).getByRole('button').click();
  const rows = page.locator('[data-machine]');
  await rows.nth(1).click();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('2 selected');
  const scrolled = await viewport(page).evaluate((el) => {
    el.scrollTop = 200;
    return el.scrollTop;
  });
  expect(scrolled).toBe(200);
  const shown = await shownCount(page);

  await openView(page, 'Tasks');
  await openView(page, 'Inventory');
  await expect(page.getByRole('searchbox', { name: 'Search machines' })).toHaveValue('-0');
  await expect(page.getByRole('combobox', { name: 'System' })).toHaveValue('vcenter');
  await expect(page.getByRole('columnheader', { name: /^Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('2 selected');
  expect(await shownCount(page)).toEqual(shown);
  await expect.poll(() => viewport(page).evaluate((el) => el.scrollTop)).toBe(200);

  // Columns: Name widened from the keyboard, OS hidden; both come back after a restart.
  await page.getByRole('separator', { name: 'Resize Name' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('separator', { name: 'Resize Name' })).toHaveAttribute('aria-valuenow', '252');
  await viewMenu(page, 'menuitemcheckbox', 'OS');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: 'OS', exact: true })).toHaveCount(0);
  // Both changes saved (each save is debounced), not just the first.
  await expect
    .poll(async () => {
      const saved = await readFile(join(harness.dataDirectory, 'view-prefs.json'), 'utf8').catch(() => '');
      return saved.includes('"name":252') && saved.includes('"columns"') && !saved.includes('"os"');
    })
    .toBe(true);

  await harness.stop();
  const again = await startHarness({ dataDirectory: harness.dataDirectory, testHooks: true });
  try {
    await page.goto(again.url);
    await openView(page, 'Inventory');
    await expect(page.getByRole('separator', { name: 'Resize Name' })).toHaveAttribute(
      'aria-valuenow',
      '252',
    );
    await expect(page.getByRole('columnheader', { name: 'OS', exact: true })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Host', exact: true })).toHaveCount(1);
  } finally {
    await again.stop();
  }
});

test('the rows of a system whose refresh failed are marked stale with their age; the others are not', async ({
  page,
  harness,
}) => {
  await openLabInventory(page, harness.url, lab);
  const stale = page.locator('[data-machine].stale');
  await expect(stale).toHaveCount(0);
  lab.setFaults('danube', { errorRate: 1 });
  await refreshAll(page);
  await expect(page.locator('.statuses li.failed')).toHaveCount(1);
  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: VENDOR_LABELS.danube });
  await expect(stale.first()).toBeVisible();
  expect(await stale.count()).toBe(await page.locator('[data-machine]').count());
  await expect(stale.first().locator('.stale-tag')).toHaveText('stale, just now');
  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: VENDOR_LABELS.comodit });
  await expect(page.locator('[data-machine]').first()).toBeVisible();
  await expect(stale).toHaveCount(0);
});

test('the vendors’ own grouping narrows the inventory: a ComodIT organisation, a Unitrends system, a vCenter folder', async ({
  page,
  harness,
}) => {
  await openLabInventory(page, harness.url, lab);
  const { machines } = await snapshot(page);
  const filter = page.getByRole('combobox', { name: 'Vendor grouping' });
  for (const vendor of ['comodit', 'unitrends'] as const) {
    const scope = machines.find((m) => m.vendor === vendor && m.scope?.length)?.scope;
    expect(scope, `${vendor} rows carry their grouping`).toBeDefined();
    const outer = scope?.[0] ?? '';
    const label = vendor === 'comodit' ? `Organisation: ${outer}` : `Appliance: ${outer}`;
    await filter.selectOption({ label });
    const expected = machines.filter((m) => m.vendor === vendor && m.scope?.[0] === outer).length;
    await expect.poll(() => shownCount(page)).toEqual({ shown: expected, total: machines.length });
  }
  // vCenter: a datacenter, then one of its folders (option values are the grouping's path).
  const vm = machines.find((m) => m.vendor === 'vcenter' && m.scope?.length === 2);
  const [datacenter = '', folder = ''] = vm?.scope ?? [];
  expect(folder, 'vCenter rows carry their datacenter and folder').not.toBe('');
  await filter.selectOption({ value: JSON.stringify(['vcenter', datacenter]) });
  const inDatacenter = machines.filter((m) => m.vendor === 'vcenter' && m.scope?.[0] === datacenter);
  await expect.poll(() => shownCount(page)).toEqual({ shown: inDatacenter.length, total: machines.length });
  await filter.selectOption({ value: JSON.stringify(['vcenter', datacenter, folder]) });
  const inFolder = inDatacenter.filter((m) => m.scope?.[1] === folder);
  expect(inFolder.length).toBeLessThan(inDatacenter.length);
  await expect.poll(() => shownCount(page)).toEqual({ shown: inFolder.length, total: machines.length });
});

test('a cached inventory older than the set age refreshes in the background on open', async ({
  page,
  harness,
}) => {
  await openLabInventory(page, harness.url, lab);
  await harness.stop();
  // The cache as an earlier session left it an hour ago.
  const dir = join(harness.dataDirectory, 'inventory-cache');
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  for (const file of await readdir(dir)) {
    const cached = JSON.parse(await readFile(join(dir, file), 'utf8')) as { fetchedAt: string };
    await writeFile(join(dir, file), JSON.stringify({ ...cached, fetchedAt: hourAgo }));
  }
  const again = await startHarness({ dataDirectory: harness.dataDirectory, testHooks: true });
  try {
    await page.goto(again.url);
    await openView(page, 'Inventory');
    // Nobody pressed Refresh: every profile is read again and says so.
    await expect(page.locator('.statuses li.ok')).toHaveCount(5);
    for (const item of await page.locator('.statuses li').all()) await expect(item).toContainText('just now');
  } finally {
    await again.stop();
  }
});
