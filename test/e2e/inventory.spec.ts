import { readFile } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import type { AuditEntry, InventorySnapshot } from '../../common/inventory';
import type { ProfileView } from '../../common/profiles';
import { VENDOR_IDS, VENDOR_LABELS } from '../../common/vendors';
import { startLab, type Lab } from '../../lab/lab';
import { startHarness } from '../harness/server';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { labProfile } from '../../main/services/demo';
import {
  addLabProfiles,
  openView,
  refreshAll,
  search,
  selectByVendorIds,
  shownCount,
  viewMenu,
  openLabInventory,
} from './inventory-support';

let lab: Lab;
test.beforeEach(async () => {
  lab = await startLab({ vms: 150, timeScale: 0.05 });
});
test.afterEach(async () => lab.stop());

const snapshot = (page: Page): Promise<InventorySnapshot> =>
  page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot());

test('a mixed inventory lists, searches, filters, sorts, groups and exports what is shown', async ({
  page,
  harness,
}) => {
  await page.setViewportSize({ width: 1500, height: 900 });
  await openLabInventory(page, harness.url, lab);
  const { machines } = await snapshot(page);
  for (const vendor of VENDOR_IDS) expect(machines.some((m) => m.vendor === vendor)).toBe(true);
  expect(await shownCount(page)).toEqual({ shown: machines.length, total: machines.length });
  await page.screenshot({ path: 'test-results/artifacts/inventory.png' });

  // Search by name and by address, across all systems.
  const named = machines.find((m) => m.vendor === 'danube') ?? machines[0];
  await search(page, named?.name ?? '');
  await expect(page.locator('[data-machine]').first()).toContainText(named?.name ?? '');
  const addressed = machines.find((m) => m.vendor === 'comodit' && m.addresses.length);
  await search(page, addressed?.addresses[0] ?? '');
  await expect(page.locator(`[data-machine="${addressed?.id}"]`)).toBeVisible();
  await search(page, '');

  // Filter by system and state.
  await page.getByRole('combobox', { name: 'System' }).selectOption({ label: VENDOR_LABELS.vcenter });
  await page.getByRole('combobox', { name: 'State' }).selectOption('stopped');
  const expected = machines.filter((m) => m.vendor === 'vcenter' && m.power === 'stopped').length;
  expect(expected).toBeGreaterThan(0);
  await expect.poll(() => shownCount(page)).toEqual({ shown: expected, total: machines.length });
  for (const cell of await page.locator('[data-machine] .power').allTextContents())
    expect(cell).toBe('Stopped');

  // Sort by name, descending: the first row is the greatest name.
  await page.getByRole('columnheader', { name: /^Name/ }).click();
  await expect(page.getByRole('columnheader', { name: /^Name/ })).toHaveAttribute('aria-sort', 'descending');
  const names = machines
    .filter((m) => m.vendor === 'vcenter' && m.power === 'stopped')
    .map((m) => m.name)
    .sort((a, b) => b.localeCompare(a, undefined, { numeric: true, sensitivity: 'base' }));
  await expect(page.locator('[data-machine]').first()).toContainText(names[0] ?? '');

  // Group by profile: one group heading.
  await viewMenu(page, 'menuitemradio', 'Group by profile');
  await expect(page.locator('.group')).toHaveCount(1);
  await expect(page.locator('.group')).toContainText(`(${expected})`);

  // The CSV is exactly the filtered view, in its order.
  const download = page.waitForEvent('download');
  await viewMenu(page, 'menuitem', 'Export CSV');
  const csv = await readFile((await (await download).path()) ?? '', 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^Name,State,System,Profile/);
  expect(lines).toHaveLength(expected + 1);
  expect(lines[1]?.startsWith(names[0] ?? '?')).toBe(true);

  // Column chooser: hide OS.
  await viewMenu(page, 'menuitemcheckbox', 'OS');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: 'OS', exact: true })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Host', exact: true })).toHaveCount(1);
});

test('with the lab stopped, the app opens with the cached inventory and its age', async ({
  page,
  harness,
}) => {
  await openLabInventory(page, harness.url, lab);
  const before = await shownCount(page);
  expect(before.total).toBeGreaterThan(100);
  await harness.stop();
  await lab.stop();
  const again = await startHarness({ dataDirectory: harness.dataDirectory, testHooks: true });
  try {
    await page.goto(again.url);
    await openView(page, 'Inventory');
    await expect.poll(() => shownCount(page)).toEqual(before);
    await expect(page.locator('.statuses li').first()).toContainText('cached, just now');
    // A refresh while offline says why for each system, and keeps the rows.
    await refreshAll(page);
    await expect(page.locator('.statuses li.failed')).toHaveCount(5);
    await expect(page.locator('.statuses li').first()).toContainText('refused the connection');
    expect(await shownCount(page)).toEqual(before);
    await page.screenshot({ path: 'test-results/artifacts/inventory-offline.png' });
  } finally {
    await again.stop();
    lab = await startLab({ vms: 10 }); // afterEach stops it
  }
});

test('with faults on one vendor, the other four load and the failing one says why', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addLabProfiles(page, lab);
  lab.setFaults('danube', { errorRate: 1 });
  await openView(page, 'Inventory');
  await refreshAll(page);
  await expect(page.locator('.statuses li.ok')).toHaveCount(4);
  await expect(page.locator('.statuses li.failed')).toHaveCount(1);
  await expect(page.locator('.statuses li.failed')).toContainText(/Danube.*503|503/);
  const { machines } = await snapshot(page);
  expect(new Set(machines.map((m) => m.vendor))).toEqual(
    new Set(['vcenter', 'comodit', 'unitrends', 'ibm-br']),
  );
});

test('two Danube profiles of one user (one per datacenter) refresh side by side', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const { input, secret } = labProfile(lab.vendor('danube'));
  // Danube keeps one token per user: a profile signing in for itself would end the other's session.
  await page.evaluate(
    async ({ profile, password, fingerprint256 }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      for (const [name, dc] of [
        ['Danube main', undefined],
        ['Danube admin DC', 'admin'],
      ] as const)
        await api.profiles.trust({
          id: (
            await api.profiles.create({
              profile: {
                ...profile,
                name,
                tags: [],
                options: dc ? { ...(profile.options as { vendor: 'danube' }), dc } : profile.options,
              },
              secret: password,
              keep: 'keychain',
            })
          ).id,
          fingerprint256,
        });
    },
    { profile: input, password: secret, fingerprint256: lab.vendor('danube').fingerprint256 ?? '' },
  );
  await openView(page, 'Inventory');
  for (let round = 0; round < 3; round++) {
    await refreshAll(page);
    await expect(page.locator('.statuses li.ok')).toHaveCount(2);
  }
  await expect(page.locator('.statuses li[data-profile="Danube admin DC"]')).toContainText('2 ·');
  // Not one call was refused for a token the other profile's sign-in had deleted (re-signing in hid it from view).
  expect(lab.refusals().filter((r) => r.vendor === 'danube')).toEqual([]);
});

async function runAction(
  page: Page,
  label: string,
  confirm?: { typeCount?: number; options?: (page: Page) => Promise<void> },
) {
  await page
    .getByRole('region', { name: 'Selection' })
    .getByRole('button', { name: label, exact: true })
    .click();
  const dialog = page.getByRole('dialog');
  await confirm?.options?.(page);
  if (confirm?.typeCount !== undefined)
    await dialog.getByLabel(/^Type \d+ to/).fill(String(confirm.typeCount));
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function waitForTasks(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (window as unknown as { vantage: TestApi }).vantage.tasks
        .list()
        .then((t) => t.filter((x) => x.endedAt).length >= n),
    count,
    { timeout: 20_000 },
  );
}

test('power actions are followed to their end, refusals say why, bulk reports each, read-only refuses, all audited', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1500, height: 900 });
  await page.goto(harness.url);
  const profiles: ProfileView[] = await addLabProfiles(page, lab);
  await openView(page, 'Inventory');
  await refreshAll(page);
  const { machines } = await snapshot(page);
  const vc = lab.vendor('vcenter').extra ?? {};
  let ended = 0;

  // vCenter: a bulk start of two stopped machines and the oversized one: two succeed, one fails with its reason.
  const stopped = machines.filter(
    (m) => m.vendor === 'vcenter' && m.power === 'stopped' && !Object.values(vc).includes(m.vendorId),
  );
  const bulk = [stopped[0]?.vendorId ?? '', stopped[1]?.vendorId ?? '', vc['vm.oversized'] ?? ''];
  await selectByVendorIds(page, bulk);
  await runAction(page, 'Power on');
  await waitForTasks(page, (ended += 3));

  // vCenter: a bulk stop of three running machines asks for the count.
  const running = machines.filter(
    (m) => m.vendor === 'vcenter' && m.power === 'running' && !Object.values(vc).includes(m.vendorId),
  );
  await page.keyboard.press('Escape');
  await selectByVendorIds(
    page,
    running.slice(0, 3).map((m) => m.vendorId),
  );
  await runAction(page, 'Power off', { typeCount: 3 });
  await waitForTasks(page, (ended += 3));

  // Danube: stop a running VM with force and a timeout; start a stopped one booting the rescue ISO once.
  await page.keyboard.press('Escape');
  await selectByVendorIds(page, ['web-0001.prod.example.com']);
  await runAction(page, 'Stop', {
    options: async (p) => {
      await p.getByRole('dialog').getByLabel(/force/i).check();
      await p
        .getByRole('dialog')
        .getByLabel(/timeout/i)
        .fill('30');
    },
  });
  await waitForTasks(page, (ended += 1));
  await page.keyboard.press('Escape');
  await selectByVendorIds(page, ['proxy-0002.dev.example.com']);
  await runAction(page, 'Start', {
    options: async (p) => {
      await p
        .getByRole('dialog')
        .getByLabel(/^cd ?image$|CD image|cdimage/i)
        .first()
        .fill('rescuecd.iso');
    },
  });
  await waitForTasks(page, (ended += 1));

  // ComodIT: shut down a running instance.
  const comodit = machines.find((m) => m.vendor === 'comodit' && m.power === 'running');
  await page.keyboard.press('Escape');
  await selectByVendorIds(page, [comodit?.vendorId ?? '']);
  await runAction(page, 'Shut down');
  await waitForTasks(page, (ended += 1));

  // A read-only profile refuses in main, whatever the window offers.
  const comoditProfile = profiles.find((p) => p.vendor === 'comodit');
  await page.evaluate((p) => {
    const { id, name, baseUrl, username, folder, tags, notes, options } = p;
    return (window as unknown as { vantage: TestApi }).vantage.profiles.update({
      id,
      profile: { name, baseUrl, username, folder, tags, notes, options, readOnly: true },
    });
  }, comoditProfile as ProfileView);
  const another = machines.find(
    (m) => m.vendor === 'comodit' && m.power === 'running' && m.id !== comodit?.id,
  );
  const refused = await page.evaluate(
    (id) =>
      (window as unknown as { vantage: TestApi }).vantage.tasks
        .run({ machineIds: [id], actionId: 'shutdown', options: {} })
        .then(
          () => 'ran',
          (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
        ),
    another?.id ?? '',
  );
  expect(refused).toMatch(/^READ_ONLY: .*read-only/);

  // Tasks: each outcome, with the vendor's reason for the failure.
  await openView(page, 'Tasks');
  const tasks = page.locator('li.task');
  await expect(tasks.filter({ hasText: 'succeeded' })).toHaveCount(ended - 1);
  const failed = tasks.filter({ hasText: 'failed' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText(/resources|allocate|memory/i);
  await page.screenshot({ path: 'test-results/artifacts/tasks.png' });

  // Inventory rows follow the final states.
  const after = await snapshot(page);
  const state = (vendorId: string) => after.machines.find((m) => m.vendorId === vendorId)?.power;
  expect(state(bulk[0] ?? '')).toBe('running');
  expect(state(running[0]?.vendorId ?? '')).toBe('stopped');
  expect(state('web-0001.prod.example.com')).toBe('stopped');
  expect(state(comodit?.vendorId ?? '')).toBe('stopped');

  // Every one of them is in the audit log, with its outcome.
  const audit: AuditEntry[] = await page.evaluate(() =>
    (window as unknown as { vantage: TestApi }).vantage.audit.list({}),
  );
  expect(audit.filter((e) => e.outcome === 'succeeded')).toHaveLength(ended - 1);
  expect(audit.filter((e) => e.outcome === 'failed')).toHaveLength(1);
  expect(audit.filter((e) => e.outcome === 'refused')).toHaveLength(1);
  // The timeout is ignored with force, so it is not sent; the Audit view says the options in words.
  expect(audit.find((e) => e.machineName?.startsWith('web-0001'))?.options).toEqual({ force: true });
  await openView(page, 'Audit');
  await expect(
    page.getByRole('table', { name: 'Audit log' }).locator('tr', { hasText: 'web-0001' }),
  ).toContainText('forced');
  await expect(page.getByRole('table', { name: 'Audit log' }).locator('tbody tr')).toHaveCount(ended + 1);
});
