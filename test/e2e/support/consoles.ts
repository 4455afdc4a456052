import type { Page } from '@playwright/test';

import type { Machine } from '../../../common/machines';
import { VENDOR_LABELS, type VendorId } from '../../../common/vendors';
import type { TestApi } from '../../harness/test-hooks';
import { expect } from '../fixtures';

/** Opens the app, starts the demo lab from the welcome page and waits for the inventory. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open the demo lab' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
}

/** A machine of the demo inventory, once its vendor has been read. */
export async function demoMachine(page: Page, vendor: VendorId, power?: Machine['power']): Promise<Machine> {
  let found: Machine | undefined;
  await expect
    .poll(async () => {
      const snapshot = await page.evaluate(() =>
        (window as unknown as { vantage: TestApi }).vantage.inventory.snapshot(),
      );
      found = snapshot.machines.find((m) => m.vendor === vendor && (!power || m.power === power));
      return found !== undefined;
    })
    .toBe(true);
  return found as Machine;
}

/** Goes to the Consoles view and opens a machine's console from its picker, the way a person would. */
export async function openConsole(page: Page, machine: Machine): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Consoles' }).click();
  const another = page.getByRole('button', { name: 'Open another console' });
  if (await another.isVisible()) await another.click();
  await page.getByLabel('Find a machine').fill(machine.name);
  await page
    .getByRole('button', { name: `Open the console of ${machine.name} (${VENDOR_LABELS[machine.vendor]})` })
    .click();
  await expect(page.getByRole('tab', { name: machine.name, selected: true })).toBeVisible();
}

export const consoleStatus = (page: Page) => page.getByTestId('console-status').filter({ visible: true });
export const consoleCanvas = (page: Page) =>
  page.locator('[data-testid=console-screen] canvas').filter({ visible: true });

/** A rectangle of the visible console's canvas as 0xRRGGBB values, row by row (the canvas holds the remote framebuffer 1:1). */
export function canvasRegion(
  page: Page,
  rect: { x: number; y: number; width: number; height: number },
): Promise<number[]> {
  return page.evaluate(({ x, y, width, height }) => {
    const canvas = [
      ...document.querySelectorAll<HTMLCanvasElement>('[data-testid=console-screen] canvas'),
    ].find((c) => c.offsetParent !== null);
    const data = canvas?.getContext('2d')?.getImageData(x, y, width, height).data;
    if (!data) return [];
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4)
      out.push(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    return out;
  }, rect);
}

/** Clicks the remote screen at remote coordinates, whatever the scaling. */
export async function clickRemote(page: Page, x: number, y: number, size: { width: number; height: number }) {
  const box = await consoleCanvas(page).boundingBox();
  if (!box) throw new Error('no visible console canvas');
  await page.mouse.click(box.x + (x * box.width) / size.width, box.y + (y * box.height) / size.height);
}

/** The colour of one remote pixel as `#rrggbb`. */
export async function remotePixel(page: Page, x: number, y: number): Promise<string> {
  const [rgb] = await canvasRegion(page, { x, y, width: 1, height: 1 });
  return rgb === undefined ? 'none' : `#${rgb.toString(16).padStart(6, '0')}`;
}

/** The demo open on the inventory, and the console of a running ComodIT instance: where most console tests start. */
export async function openRunningComoditConsole(page: Page, url: string): Promise<Machine> {
  await openDemo(page, url);
  const machine = await demoMachine(page, 'comodit', 'running');
  await openConsole(page, machine);
  return machine;
}
