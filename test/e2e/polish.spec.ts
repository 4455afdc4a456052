import type { Page } from '@playwright/test';

import type { ProfileView } from '../../common/profiles';
import { startLab, type Lab } from '../../lab/lab';
import { labProfile } from '../../main/services/demo';
import { startHarness, type Harness } from '../harness/server';
import type { TestApi } from '../harness/test-hooks';
import { expect, test, type HarnessFixture } from './fixtures';
import { addConnection } from './lab-fixture';
import { addLabProfiles, openView, refreshAll } from './inventory-support';
import { keychainAccounts } from './support/keychain';

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab({ vms: 20, timeScale: 0.05 });
});
test.afterAll(async () => lab.stop());

/** A trusted vCenter profile of the lab, created through the page's API, its secret kept as asked. */
async function addVcenter(
  page: Page,
  keep: 'keychain' | 'session',
  name = 'Lab vCenter',
): Promise<ProfileView> {
  const info = lab.vendor('vcenter');
  const { input, secret } = labProfile(info);
  // The lab's certificate is self-signed: pinned as a user would, by its fingerprint (profiles.trust).
  return page.evaluate(
    async (args) => {
      const api = (window as unknown as { vantage: TestApi }).vantage;
      const created = await api.profiles.create({
        profile: args.profile,
        secret: args.secret,
        keep: args.keep,
      });
      return args.fingerprint256
        ? api.profiles.trust({ id: created.id, fingerprint256: args.fingerprint256 })
        : created;
    },
    {
      profile: { ...input, name, tags: ['lab'], folder: 'Lab' },
      secret,
      keep,
      fingerprint256: info.fingerprint256,
    },
  );
}

/** main restarted on the same data directory, as a person quitting and reopening Vantage. */
async function restart(page: Page, harness: HarnessFixture): Promise<Harness> {
  await harness.stop();
  const again = await startHarness({ dataDirectory: harness.dataDirectory, testHooks: true });
  await page.goto(again.url);
  return again;
}

test('a success fades, a failure stays until read, and nothing covers a dialog', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const notify = (message: string, level: 'info' | 'error') =>
    page.evaluate((args) => (window as unknown as { vantage: TestApi }).vantage.test.notify(args), {
      message,
      level,
    });
  await notify('The inventory is up to date.', 'info');
  const toast = page.getByTestId('notice');
  await expect(toast).toHaveText(/up to date/);
  await expect(toast).toBeHidden({ timeout: 9000 });

  await notify('The keychain is locked.', 'error');
  await expect(toast).toHaveText(/keychain is locked/);
  await page.waitForTimeout(7000);
  await expect(toast).toHaveText(/keychain is locked/);
  await expect(page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();

  // A dialog opened now is above the notification: what is at the notification's centre belongs to the dialog layer.
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'About Vantage' })).toBeVisible();
  const box = await toast.boundingBox();
  const onTop = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x ?? 0, y ?? 0)?.closest('[data-testid="notice"]') !== null,
    [(box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2],
  );
  expect(onTop).toBe(false);
  await page.keyboard.press('Escape');

  // The history has both; opening it reads them.
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const history = page.getByRole('list', { name: 'Notification history' });
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
});

test('a secret kept for the session is asked for after a restart, then the inventory loads', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profile = await addVcenter(page, 'session');
  const again = await restart(page, harness);
  try {
    await openView(page, 'Inventory');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: `“${profile.name}” needs its password` });
    await expect(prompt).toBeVisible();
    await expect(page.getByText(/keychain cannot be reached/)).toHaveCount(0);
    await prompt.getByLabel('Password or key').fill(lab.vendor('vcenter').credentials.password ?? '');
    await prompt.getByLabel(/For this session only/).check();
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await expect(prompt).toBeHidden();
    await expect(page.locator('[data-machine]').first()).toBeVisible({ timeout: 20_000 });
    // Kept for the session again: nothing went to the keychain.
    expect(keychainAccounts(`profile:${profile.id}`)).toEqual([]);
  } finally {
    await again.stop();
  }
});

test('the demo lab opens from Profiles while a profile exists, leaving it as it was', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  await page.goto(harness.url);
  const own = await addVcenter(page, 'keychain', 'My vCenter');
  await openView(page, 'Profiles');
  await page.getByRole('button', { name: 'Open the demo lab' }).click();
  const list = page.getByRole('complementary', { name: 'Connection profiles' });
  await expect(list.getByRole('button', { name: /^Demo / })).toHaveCount(5, { timeout: 30_000 });
  await expect(page.getByTestId('notice')).toHaveText(/Demo lab ready: 5 profiles/);
  const after = await page.evaluate(() =>
    (window as unknown as { vantage: TestApi }).vantage.profiles.list(),
  );
  expect(after.find((p) => p.id === own.id)).toEqual(own);
  // Settings offers it too.
  await openView(page, 'Settings');
  await expect(page.getByRole('button', { name: 'Open the demo lab' })).toBeVisible();
});

test('settings are kept by main across a restart, and the theme applies at once', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await openView(page, 'Settings');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const chunks = page.getByLabel('Parallel chunks per download');
  await chunks.fill('8');
  await chunks.blur();
  await page.getByLabel('Automatic refresh').selectOption({ label: 'Every 30 minutes' });
  await expect(page.getByTestId('subsystem-disk')).toContainText('ok');
  await expect(page.getByTestId('data-folder')).toHaveText(harness.dataDirectory);
  const again = await restart(page, harness);
  try {
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await openView(page, 'Settings');
    await expect(page.getByLabel('Parallel chunks per download')).toHaveValue('8');
    await expect(page.getByLabel('Automatic refresh')).toHaveValue('30');
    await page.screenshot({ path: 'test-results/artifacts/settings-dark.png' });
  } finally {
    await again.stop();
  }
});

test('deleting a profile asks in a dialog that keeps focus and closes on Escape', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const profile = await addVcenter(page, 'keychain');
  await openView(page, 'Profiles');
  await page.getByRole('button', { name: /^Lab vCenter/ }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete “${profile.name}”?` });
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(keychainAccounts(`profile:${profile.id}`)).toHaveLength(1);

  await page.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Deleted “${profile.name}”.`)).toBeVisible();
  expect(keychainAccounts(`profile:${profile.id}`)).toEqual([]);
});

test('a new profile loads without Refresh; Shift+↓ extends the selection; a status read does not ask', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  await page.goto(harness.url);
  await openView(page, 'Profiles');
  await addConnection(page, lab.vendor('danube'), { name: 'Lab danube' });
  // The lab's certificate is self-signed: trusted once, as a person would after comparing the fingerprint.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-ok', 'true');
  await openView(page, 'Inventory');
  await expect(page.locator('[data-machine]').first()).toBeVisible({ timeout: 20_000 });
  const grid = page.getByRole('grid', { name: 'Machines' });
  await page.locator('[data-machine]').first().click();
  await grid.press('Shift+ArrowDown');
  await grid.press('Shift+ArrowDown');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('3 selected');
  await grid.press('Shift+ArrowUp');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('2 selected');

  // Exactly one running VM, and the harmless status read: a task starts with no dialog in between.
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Search machines' }).fill('web-0001');
  await page.locator('[data-machine]').first().click();
  await page
    .getByRole('region', { name: 'Selection' })
    .getByRole('button', { name: 'Refresh status from the node' })
    .click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText(/Refresh status from the node: 1 task started/)).toBeVisible();
});

test('five profiles’ states fit one line of the status bar at 1280×720, their details in a popover', async ({
  page,
  harness,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(harness.url);
  await addLabProfiles(page, lab);
  await openView(page, 'Inventory');
  // A failing profile has the longest sentence of all.
  lab.setFaults('danube', { errorRate: 1 });
  try {
    await refreshAll(page);
  } finally {
    lab.setFaults('danube', {});
  }
  const items = page.locator('.statuses li');
  await expect(items).toHaveCount(5);
  const bar = page.locator('footer.bar');
  const box = await bar.boundingBox();
  expect(box?.height ?? 99).toBeLessThan(30);
  expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.locator('.statuses').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  for (const item of await items.all()) {
    const itemBox = await item.boundingBox();
    expect((itemBox?.x ?? 9999) + (itemBox?.width ?? 0)).toBeLessThanOrEqual(
      (box?.x ?? 0) + (box?.width ?? 0),
    );
    await expect(item.locator('.short')).toBeVisible();
    await expect(item.getByRole('button', { name: /^Refresh / })).toBeVisible();
  }
  await expect(page.locator('.statuses li.failed .short')).toHaveText('failed');

  await page.getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('list', { name: 'Profile states' });
  await expect(details.getByRole('listitem')).toHaveCount(5);
  await expect(details.locator('li.failed')).toContainText(/failed: .*503|503/);
  await page.screenshot({ path: 'test-results/artifacts/status-bar-details.png' });
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
});
