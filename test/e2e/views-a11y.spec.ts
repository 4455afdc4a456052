import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

import { VIEWS } from '../../renderer/src/lib/views';
import { startLab, type Lab } from '../../lab/lab';
import { expect, test } from './fixtures';
import type { Machine } from '../../common/machines';
import type { TestApi } from '../harness/test-hooks';
import { labClient } from '../../lab/core/testing';
import { enqueue, labDownload, updateSettings } from './downloads-support';
import { addLabProfiles, openView, refreshAll, selectByVendorIds } from './inventory-support';

let lab: Lab;
test.beforeEach(async () => {
  lab = await startLab({ vms: 60, timeScale: 0.05 });
});
test.afterEach(async () => lab.stop());

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Every view with the lab's machines in it (the empty Welcome page hides the views). */
async function openWithMachines(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await addLabProfiles(page, lab);
  await openView(page, 'Inventory');
  await refreshAll(page);
}

/** A workspace at 1280×720 with the lab's profiles in it. */
async function openWorkspace(page: Page, url: string, view: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWithMachines(page, url);
  await openView(page, view);
}

/** The serious and critical findings of axe on what the page shows now, as readable lines. */
async function axeFindings(page: Page, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (rules ? builder.withRules(rules) : builder).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Tabs forwards round the open dialog and once back: focus never leaves it and each control it lands on shows a
 * focus ring (an outline or a box shadow).
 */
async function expectFocusKeptAndVisible(page: Page, where: string): Promise<void> {
  const landed: string[] = [];
  for (const key of [...Array<string>(15).fill('Tab'), 'Shift+Tab']) {
    await page.keyboard.press(key);
    landed.push(
      await page.evaluate(() => {
        const at = document.activeElement;
        if (!(at instanceof HTMLElement)) return 'nothing focused';
        const name = `${at.tagName.toLowerCase()}${at instanceof HTMLInputElement ? `[${at.type}]` : ''} “${(at.getAttribute('aria-label') ?? at.textContent ?? '').trim().slice(0, 40)}”`;
        const style = getComputedStyle(at);
        const ring = style.outlineStyle !== 'none' || style.boxShadow !== 'none';
        if (!at.closest('[role="dialog"]')) return `${name} outside the dialog`;
        return ring ? 'ok' : `${name} without a focus ring`;
      }),
    );
  }
  expect(
    landed.filter((l) => l !== 'ok'),
    `keyboard focus in ${where}`,
  ).toEqual([]);
}

/** Collects axe's serious and critical findings place by place, so that one test reports every place at once. */
function findingsRecorder(page: Page) {
  const findings: Record<string, string[]> = {};
  const check = async (where: string) => {
    const found = await axeFindings(page);
    if (found.length) findings[where] = found;
  };
  /** The dark theme differs only in its colours: its contrast checked too, then back to light. */
  const checkBothSchemes = async (where: string) => {
    await check(where);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await axeFindings(page, ['color-contrast']);
    if (dark.length) findings[`${where}, dark`] = dark;
    await page.emulateMedia({ colorScheme: 'light' });
  };
  /**
   * Opens a dialog with `opener`, checks it once `shown` is visible (and `ready` has waited for its content), then
   * expects Escape to close it and the focus to be back on the opener.
   */
  const checkDialog = async (
    where: string,
    opener: Locator,
    shown: Locator,
    ready: () => Promise<void> = async () => {},
  ) => {
    await opener.click();
    await expect(shown).toBeVisible({ timeout: 15_000 });
    await ready();
    await checkBothSchemes(where);
    await expectFocusKeptAndVisible(page, where);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(opener, `focus back on the opener of ${where}`).toBeFocused();
  };
  return { findings, check, checkBothSchemes, checkDialog };
}

test('every view at 1280×720 and 1920×1080, light and dark, saved as screenshots', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await openWithMachines(page, harness.url);
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await openView(page, view.label);
        await expect(page.getByRole('heading', { level: 1, name: view.label })).toBeVisible();
        await page.screenshot({
          path: `test-results/screenshots/${view.id}-${size.width}x${size.height}-${scheme}.png`,
        });
      }
    }
  }
});

for (const view of VIEWS)
  test(`axe finds nothing serious or critical in ${view.label}, light or dark`, async ({ page, harness }) => {
    // axe reads the whole page: slow on a shared machine.
    test.setTimeout(180_000);
    await openWorkspace(page, harness.url, view.label);
    const light = await axeFindings(page);
    // The dark theme differs only in its colours.
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await axeFindings(page, ['color-contrast']);
    expect({ light, dark }).toEqual({ light: [], dark: [] });
  });

test('axe finds nothing serious or critical in the inventory’s selection, its View menu, the action and instant-recovery dialogs and the About dialog', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWithMachines(page, harness.url);
  const { findings, check } = findingsRecorder(page);
  await page.locator('[data-machine]').first().click();
  await page.keyboard.press('Shift+ArrowDown');
  await check('Inventory with a selection');
  await page.getByRole('button', { name: /^View/ }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await check('View menu');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  // An action dialog with options and the typed count: stopping two running Danube VMs.
  const machines = await page.evaluate(
    async () => (await (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot()).machines,
  );
  const running = machines.filter(
    (m: Machine) => m.vendor === 'danube' && m.vendorState === 'running' && m.power === 'running',
  );
  await selectByVendorIds(
    page,
    running.slice(0, 2).map((m) => m.vendorId),
  );
  await page
    .getByRole('region', { name: 'Selection' })
    .getByRole('button', { name: 'Stop', exact: true })
    .click();
  await expect(page.getByRole('dialog', { name: /^Stop 2 machines/ })).toBeVisible();
  await check('Action dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  // The start of an instant recovery, a client chosen: its backups and targets listed.
  await openView(page, 'Sessions');
  await page.getByRole('button', { name: 'Start instant recovery' }).click();
  const start = page.getByRole('dialog', { name: 'Start an instant recovery' });
  await start.getByRole('option').first().click();
  await expect(
    start
      .getByLabel(/^Backup of /)
      .locator('option')
      .first(),
  ).toContainText('(the latest)', {
    timeout: 20_000,
  });
  await check('Start instant recovery dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('About dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(findings).toEqual({});
});

test('axe finds nothing serious or critical in the Restore files dialog, empty and with matches; Escape closes it', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await openWorkspace(page, harness.url, 'Recoveries');
  // The virtual table tells assistive technology the rows it holds (the header counts as one), not just those drawn.
  const shown = page.getByText(/^\d+ of \d+ recoveries/);
  await expect(shown).toBeVisible({ timeout: 15_000 });
  const count = Number(/^(\d+)/.exec((await shown.textContent()) ?? '')?.[1]);
  const grid = page.getByRole('grid', { name: 'Recoveries' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(count + 1));
  await expect(grid.locator('[role="row"][data-recovery]').first()).toHaveAttribute('aria-rowindex', '2');
  const { findings, checkDialog } = findingsRecorder(page);
  const opener = page.getByRole('button', { name: 'Restore files' });
  const dialog = page.getByRole('dialog', { name: 'Restore files' });
  await checkDialog('Restore files dialog', opener, dialog);
  await checkDialog('Restore files dialog with matches and restore points', opener, dialog, async () => {
    await dialog.getByLabel('File or folder name').fill('notes*');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.locator('[role="row"][data-hit]').first().click({ timeout: 15_000 });
    await expect(
      dialog.getByRole('combobox', { name: 'Restore point' }).locator('option').first(),
    ).toBeAttached({
      timeout: 10_000,
    });
  });
  expect(findings).toEqual({});
});

test('axe finds nothing serious or critical in the protection groups’ form, run-now and delete dialogs; Escape closes each', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await openWorkspace(page, harness.url, 'Protection');
  const groups = page.getByRole('grid', { name: 'Protection groups' }).locator('[data-group]');
  await expect(groups.first()).toBeVisible({ timeout: 30_000 });
  const { findings, checkDialog } = findingsRecorder(page);
  await checkDialog(
    'New protection group form',
    page.getByRole('button', { name: 'New group' }),
    page.getByRole('form', { name: 'New protection group' }),
  );
  await groups.first().click();
  const detail = page.getByRole('region', { name: /^Group / });
  await checkDialog(
    'Run now dialog',
    detail.getByRole('button', { name: 'Run now…' }),
    page.getByRole('dialog', { name: /^Run .* now$/ }),
  );
  await checkDialog(
    'Delete group confirmation',
    detail.getByRole('button', { name: 'Delete with its snapshots…' }),
    page.getByRole('dialog', { name: /and its snapshots$/ }),
  );
  expect(findings).toEqual({});
});

test('axe finds nothing serious or critical in the policy, registration, connection, token and agent-upgrade dialogs; Escape closes each', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await openWorkspace(page, harness.url, 'Protection');
  const { findings, check, checkDialog } = findingsRecorder(page);
  /** Opens a tab and checks it once `loaded` (its first row from the lab) is there. */
  const tab = async (name: 'Policies' | 'Sources' | 'Agents', loaded: Locator) => {
    await page.getByRole('tab', { name }).click();
    await expect(loaded).toBeVisible({ timeout: 15_000 });
    await check(`${name} tab`);
  };

  await tab(
    'Policies',
    page.getByRole('table', { name: 'Protection policies' }).locator('[data-policy]').first(),
  );
  await checkDialog(
    'New policy form',
    page.getByRole('button', { name: 'New policy' }),
    page.getByRole('form', { name: 'New policy' }),
  );

  const connections = page.getByRole('table', { name: 'Connections' });
  const connection = connections.locator('tbody tr[data-connection]').first();
  await tab('Sources', connection);
  const name = (await connection.getAttribute('data-connection')) ?? '';
  await checkDialog(
    'Register host form',
    page.getByRole('button', { name: 'Register host' }),
    page.getByRole('form', { name: /^Register/ }),
  );
  await checkDialog(
    'Rename connection dialog',
    connections.getByRole('button', { name: `Rename ${name}` }),
    page.getByRole('form', { name: `Rename connection ${name}` }),
  );
  await checkDialog(
    'Registration token dialog',
    connections.getByRole('button', { name: `Registration token for ${name}` }),
    page.getByRole('dialog', { name: `Registration token for ${name}` }),
  );

  await tab('Agents', page.getByRole('table', { name: 'Agent upgrade tasks' }).locator('tbody tr').first());
  await checkDialog(
    'Upgrade agents form',
    page.getByRole('button', { name: 'Upgrade agents' }),
    page.getByRole('form', { name: 'Upgrade agents' }),
  );
  expect(findings).toEqual({});
});

test('axe finds nothing serious or critical in Downloads with a download running, nor in its cancel confirmation; Escape closes it', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await openWorkspace(page, harness.url, 'Downloads');
  const profiles = await page.evaluate(() =>
    (window as unknown as { vantage: TestApi }).vantage.profiles.list(),
  );
  const ibm = profiles.find((p) => p.vendor === 'ibm-br');
  if (!ibm) throw new Error('the lab has an IBM profile');
  // Slow enough (64 MiB at 1 MiB/s) to be still running while its dialog is checked.
  await updateSettings(page, { downloadLimitKBps: 1024, downloadChunks: 2 });
  const client = labClient(lab.vendor('ibm-br'));
  const made = await labDownload(client, 'a11y.bin', 64 * 1024 * 1024).finally(() => client.close());
  await enqueue(page, { kind: 'recovery', profileId: ibm.id, recoveryId: made.id });
  const row = page.locator('[role="row"][data-download="a11y.bin"]');
  await expect(row).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
  await row.click();
  const { findings, checkBothSchemes, checkDialog } = findingsRecorder(page);
  await checkBothSchemes('Downloads with a running download chosen');
  await checkDialog(
    'Cancel download confirmation',
    page.getByRole('group', { name: 'Download actions' }).getByRole('button', { name: 'Cancel' }),
    page.getByRole('dialog', { name: 'Cancel the download' }),
  );
  expect(findings).toEqual({});
});
