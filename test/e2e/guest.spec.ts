import type { Page } from '@playwright/test';

import type { InventorySnapshot } from '../../common/inventory';
import { startLab, type Lab } from '../../lab/lab';
import { vcenterClient } from '../../lab/vcenter/test-support';
import { labProfile } from '../../main/services/demo';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';
import { openView, refreshAll, search, selectByVendorIds } from './inventory-support';

/** Run in guest (journey 8) against the vCenter lab, through the harness. */

// A run reads the keychain (D-Bus) and follows each guest program: slower than a click on a loaded machine.
test.setTimeout(120_000);
const RUN = { timeout: 60_000 };

let lab: Lab;
test.beforeEach(async () => {
  lab = await startLab({ vendors: ['vcenter'], vms: 100, timeScale: 0.05 });
});
test.afterEach(async () => lab.stop());

async function addVcenter(page: Page): Promise<string> {
  const info = lab.vendor('vcenter');
  const { input, secret } = labProfile(info);
  // Trust is given as a person gives it (main pins the certificate whose fingerprint was confirmed).
  const profile = await page.evaluate(
    async ({ input, secret, fingerprint256 }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      const created = await api.profiles.create({ profile: input, secret, keep: 'keychain' });
      return fingerprint256 ? api.profiles.trust({ id: created.id, fingerprint256 }) : created;
    },
    { input, secret, fingerprint256: info.fingerprint256 },
  );
  return profile.id;
}

const guestAccount = () => {
  const extra = lab.vendor('vcenter').extra ?? {};
  return { user: extra.guestUsername ?? '', password: extra.guestPassword ?? '' };
};

/** The lab's vCenter in the inventory, its guest account saved as the profile's default. */
async function inventoryWithGuestAccount(page: Page, url: string): Promise<string> {
  await page.goto(url);
  const profileId = await addVcenter(page);
  await openView(page, 'Inventory');
  await refreshAll(page);
  await page.evaluate(
    ({ profileId, account }) =>
      (window as unknown as { vantage: TestApi }).vantage.guest.saveCredentials({
        scope: { kind: 'profile', profileId },
        credentials: account,
      }),
    { profileId, account: guestAccount() },
  );
  return profileId;
}

async function runFromInventory(page: Page, vendorIds: string[], command: string): Promise<void> {
  await selectByVendorIds(page, vendorIds);
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Run in guest' }).click();
  await page.getByLabel('Command').fill(command);
}

test('journey 8: `systemctl is-active nginx` in the Linux demo VM with guest credentials from the keychain', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addVcenter(page);
  await openView(page, 'Inventory');
  await refreshAll(page);
  const linux = lab.vendor('vcenter').extra?.['vm.linuxDemo'] ?? '';
  const account = guestAccount();

  // First time: asked, and kept in the keychain for this machine.
  await runFromInventory(page, [linux], 'systemctl is-active nginx');
  await page.getByLabel('Use the guest credentials saved in the keychain').uncheck();
  await page.getByLabel('Guest user').fill(account.user);
  await page.getByLabel('Guest password').fill(account.password);
  await page.getByLabel('Save them in the keychain for this machine').check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const row = page.locator('[data-guest-row]');
  await expect(row.locator('.exit')).toHaveText('0', RUN);
  await expect(row.locator('.output')).toHaveText('active');
  await page.getByRole('button', { name: 'Close' }).click();

  // Then from the keychain alone: nothing typed.
  await runFromInventory(page, [linux], 'systemctl is-active nginx');
  await expect(page.getByLabel('Use the guest credentials saved in the keychain')).toBeChecked();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-guest-row]').locator('.exit')).toHaveText('0', RUN);
  await expect(page.locator('[data-guest-row]').locator('.output')).toHaveText('active');

  // The run is a task with an audit entry; the credentials are in neither.
  const audit = await page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({}));
  const runs = audit.filter((e) => e.action === 'guest.run');
  expect(runs).toHaveLength(2);
  expect(JSON.stringify(audit)).not.toContain(account.password);
});

test('the same command on ten VMs: one without Tools and one with wrong credentials give ten rows', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profileId = await addVcenter(page);
  await openView(page, 'Inventory');
  await refreshAll(page);
  const extra = lab.vendor('vcenter').extra ?? {};
  const specials = new Set(
    Object.entries(extra)
      .filter(([k]) => k.startsWith('vm.'))
      .map(([, v]) => v),
  );
  const { machines } = await page.evaluate<InventorySnapshot>(() =>
    (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot(),
  );
  // Ordinary running machines whose Tools are current (the lab's own answer).
  const client = vcenterClient(lab);
  const admin = await client.login('api');
  const ordinary: string[] = [];
  for (const m of machines.filter((m) => m.power === 'running' && !specials.has(m.vendorId))) {
    const tools = await client.call('GET', `/api/vcenter/vm/${m.vendorId}/tools`, { headers: admin });
    const info = tools.json as { run_state?: string; version_status?: string };
    if (info.run_state === 'RUNNING' && info.version_status === 'CURRENT') ordinary.push(m.vendorId);
    if (ordinary.length === 7) break;
  }
  const linux = extra['vm.linuxDemo'] ?? '';
  const noTools = extra['vm.noTools'] ?? '';
  const wrong = ordinary.pop() ?? '';
  const chosen = [linux, noTools, wrong, ...ordinary, extra['vm.windowsDemo'] ?? ''];
  expect(chosen).toHaveLength(10);
  const idOf = (vendorId: string) => `${profileId}/${vendorId}`;
  await page.evaluate(
    async ({ profileId, account, wrongId }) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      await api.guest.saveCredentials({ scope: { kind: 'profile', profileId }, credentials: account });
      await api.guest.saveCredentials({
        scope: { kind: 'machine', machineId: wrongId },
        credentials: { ...account, password: 'not-the-password' },
      });
    },
    { profileId, account: guestAccount(), wrongId: idOf(wrong) },
  );

  await runFromInventory(page, chosen, 'systemctl is-active nginx');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const rows = page.locator('[data-guest-row]');
  await expect(rows).toHaveCount(10, RUN);
  const byName = (vendorId: string) =>
    page.locator(`[data-guest-row="${machines.find((m) => m.vendorId === vendorId)?.name ?? ''}"]`);
  await expect(byName(linux).locator('.exit')).toHaveText('0');
  await expect(byName(linux).locator('.output')).toHaveText('active');
  await expect(byName(noTools).locator('.outcome')).toHaveText('failed');
  await expect(byName(noTools).locator('.output')).toContainText('VMware Tools are not running');
  await expect(byName(wrong).locator('.outcome')).toHaveText('failed');
  await expect(byName(wrong).locator('.output')).toContainText('refused the guest credentials');
  for (const vendorId of ordinary) {
    await expect(byName(vendorId).locator('.outcome')).toHaveText('succeeded');
    await expect(byName(vendorId).locator('.exit')).toHaveText(/^[03]$/);
  }
  // Exported as JSON, one entry per machine.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(10);
});

test('a long-running process is killed when its wait runs out', async ({ page, harness }) => {
  await inventoryWithGuestAccount(page, harness.url);
  await runFromInventory(page, [lab.vendor('vcenter').extra?.['vm.linuxDemo'] ?? ''], 'sleep 600');
  await page.getByLabel('Timeout (seconds)').fill('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const row = page.locator('[data-guest-row]');
  await expect(row.locator('.outcome')).toHaveText('timeout', RUN);
  await expect(row.locator('.exit')).toHaveText('143');
});

test('the guest process list in the detail pane, and a process ended from it', async ({ page, harness }) => {
  const profileId = await inventoryWithGuestAccount(page, harness.url);
  // A click focuses the row (the search box keeps its text); Enter opens its details.
  const linux = lab.vendor('vcenter').extra?.['vm.linuxDemo'] ?? '';
  await search(page, linux);
  await page.locator(`[data-machine="${profileId}/${linux}"]`).click();
  await page.keyboard.press('Enter');
  // A long-running program of the guest account, started through the lab's own API.
  const client = vcenterClient(lab);
  const started = await client.call('POST', `/api/vcenter/vm/${linux}/guest/processes?action=create`, {
    headers: await client.login('api'),
    body: { credentials: client.guestCredentials(), spec: { path: '/bin/sleep', arguments: '600' } },
  });
  const pid = String(started.json);
  const panel = page.getByRole('region', { name: 'Guest processes' });
  await panel.getByRole('button', { name: 'Show guest processes' }).click();
  const table = panel.getByRole('table', { name: 'Processes in the guest' });
  await expect(table).toContainText('systemd', RUN);
  const sleeping = table.locator(`tr[data-pid="${pid}"]`);
  await expect(sleeping).toContainText('sleep');

  // A process of another account: refused in words, the dialog stays.
  const nginx = table.locator('tr[data-pid]', { hasText: 'nginx: master' }).first();
  await nginx.getByRole('button', { name: /^End process/ }).click();
  const confirm = page.getByRole('dialog', { name: 'End guest process' });
  await confirm.getByRole('button', { name: 'End process' }).click();
  await expect(confirm.getByRole('alert')).toContainText('may not end process', RUN);
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  await sleeping.getByRole('button', { name: `End process ${pid}` }).click();
  await confirm.getByRole('button', { name: 'End process' }).click();
  await expect(confirm).toBeHidden(RUN);
  await expect(table.locator(`tr[data-pid="${pid}"]`)).toHaveCount(0);
  // Ended in the guest, not only in the list.
  await expect
    .poll(async () => {
      const info = await client.call('POST', `/api/vcenter/vm/${linux}/guest/processes/${pid}?action=get`, {
        headers: await client.login('api'),
        body: { credentials: client.guestCredentials() },
      });
      return (info.json as { finished?: string }).finished !== undefined;
    }, RUN)
    .toBe(true);
  const audit = await page.evaluate(() => (window as unknown as { vantage: TestApi }).vantage.audit.list({}));
  expect(audit.find((e) => e.action === 'guest.kill' && e.outcome === 'succeeded')).toMatchObject({
    outcome: 'succeeded',
    options: { pid: Number(pid) },
  });
});
