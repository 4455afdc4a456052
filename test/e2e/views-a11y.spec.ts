import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { VIEWS } from '../../renderer/src/lib/views';
import { startLab, type Lab } from '../../lab/lab';
import { expect, test } from './fixtures';
import { addLabProfiles, openView, refreshAll } from './inventory-support';

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

/** The serious and critical findings of axe on what the page shows now, as readable lines. */
async function axeFindings(page: Page, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (rules ? builder.withRules(rules) : builder).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
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

test('axe finds nothing serious or critical in any view, light or dark, nor in the menus and dialogs', async ({
  page,
  harness,
}) => {
  // axe reads the whole page each time: about twenty passes on a shared machine.
  test.setTimeout(400_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWithMachines(page, harness.url);
  const findings: Record<string, string[]> = {};
  const check = async (where: string, rules?: string[]) => {
    const found = await axeFindings(page, rules);
    if (found.length) findings[where] = found;
  };
  // Every rule in the light theme; the dark one differs only in colours.
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const view of VIEWS) {
      await openView(page, view.label);
      await check(`${view.label} (${scheme})`, scheme === 'dark' ? ['color-contrast'] : undefined);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The inventory with a selection, its View menu, an action's dialog and the About dialog.
  await openView(page, 'Inventory');
  await page.locator('[data-machine]').first().click();
  await page.keyboard.press('Shift+ArrowDown');
  await check('Inventory with a selection');
  await page.getByRole('button', { name: /^View/ }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await check('View menu');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('Action dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('About dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  expect(findings).toEqual({});
});
