import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { TestRfbClient } from '../../lab/consoles/test-client';
import { expect, test as base } from './fixtures';
import {
  canvasRegion,
  clickRemote,
  consoleStatus,
  openRunningComoditConsole,
  remotePixel,
} from './support/consoles';
import { keychainAccounts } from './support/keychain';
import { ROOT_COLOUR, startXvncDesktop, waitForFile, type XvncDesktop } from './support/xvnc';

// The demo lab's consoles forwarded to a real TigerVNC Xvnc (VNC Authentication): the ComodIT instance console
// reaches it through the connector, main signs in with the token instance/vnc hands out (the lab makes it the VNC
// password), and noVNC in Chromium shows the desktop.
const test = base.extend<
  { desktopChoice: 'shared' | 'own'; labPassword: string; desktop: XvncDesktop },
  { sharedDesktop: XvncDesktop }
>({
  sharedDesktop: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const desktop = await startXvncDesktop();
      await use(desktop);
      await desktop.stop();
    },
    { scope: 'worker' },
  ],
  /** `own`: a fresh Xvnc for this test alone (one the test may kill). */
  desktopChoice: ['shared', { option: true }],
  /** The lab's VNC password, which its ComodIT hands out as the token; the desktop's own by default. */
  labPassword: ['', { option: true }],
  desktop: async ({ sharedDesktop, desktopChoice }, use) => {
    if (desktopChoice === 'shared') {
      await use(sharedDesktop);
      return;
    }
    const own = await startXvncDesktop({ xterm: false });
    await use(own);
    await own.stop();
  },
  harnessOptions: async ({ desktop, labPassword }, use) =>
    use({
      backend: {
        demoLab: { vms: 40, vncTarget: desktop.target, vncPassword: labPassword || desktop.password },
      },
    }),
});

test('a ComodIT console shows the Xvnc desktop, takes typing and special keys', async ({
  page,
  harness,
  desktop,
}) => {
  await openRunningComoditConsole(page, harness.url);
  await expect(consoleStatus(page)).toContainText('Connected');

  // The root window's colour, drawn by xsetroot, is on the canvas.
  await expect.poll(() => remotePixel(page, desktop.width - 20, desktop.height - 20)).toBe(ROOT_COLOUR);

  // Type a command into the xterm: its shell runs it (the keys arrived as typed) ...
  const { xterm } = desktop;
  const before = await canvasRegion(page, xterm);
  await clickRemote(page, xterm.x + 40, xterm.y + 20, desktop);
  await page.keyboard.type('echo vantage-typed > typed.txt');
  await page.keyboard.press('Enter');
  expect(await waitForFile(join(desktop.workDir, 'typed.txt'))).toBe('vantage-typed\n');
  // ... and the echoed text is on screen: the xterm's pixels changed, and the canvas shows exactly what Xvnc has.
  const reference = await TestRfbClient.connect({
    host: '127.0.0.1',
    port: desktop.port,
    password: desktop.password,
  });
  try {
    reference.setEncodings([0]);
    await reference.update(false);
    const expected: number[] = [];
    for (let y = xterm.y; y < xterm.y + xterm.height; y++)
      for (let x = xterm.x; x < xterm.x + xterm.width; x++) expected.push(reference.pixel(x, y));
    await expect
      .poll(async () => (await canvasRegion(page, xterm)).filter((p, i) => p !== expected[i]).length)
      .toBe(0);
    expect(expected.filter((p, i) => p !== before[i]).length).toBeGreaterThan(100);
  } finally {
    reference.close();
  }

  // "Type as keystrokes" from the clipboard panel (sharing itself stays off until asked for).
  await page.getByRole('button', { name: 'Clipboard' }).click();
  const clipboard = page.getByRole('region', { name: 'Clipboard' });
  await expect(clipboard.getByLabel('Share the clipboard with this machine')).not.toBeChecked();
  await clipboard.getByLabel('Text for the machine').fill('echo from-the-clipboard > clip.txt\n');
  await clipboard.getByRole('button', { name: 'Type as keystrokes' }).click();
  expect(await waitForFile(join(desktop.workDir, 'clip.txt'))).toBe('from-the-clipboard\n');

  // Ctrl+Alt+Del from the special-keys menu, with the pointer over the root window, where xev listens.
  await clickRemote(page, desktop.width - 40, desktop.height - 40, desktop);
  await page.getByRole('button', { name: 'Keys ▾' }).click();
  await page.getByRole('menuitem', { name: 'Ctrl+Alt+Del' }).click();
  await expect
    .poll(() => desktop.keyEvents())
    .toMatch(/KeyPress[^]*Control_L[^]*KeyPress[^]*Alt_L[^]*KeyPress[^]*Delete/);
  await expect.poll(() => desktop.keyEvents()).toMatch(/KeyRelease[^]*Delete/);

  // A screenshot is a PNG of the remote screen, saved through the browser's download.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Screenshot' }).click();
  const file = await (await download).path();
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([desktop.width, desktop.height]);
  await page.screenshot({ path: 'test-results/artifacts/console-xvnc.png' });
});

test.describe('with a lab password the server does not take', () => {
  test.use({ labPassword: 'not-this' });

  test('a wrong password says so and explains the lock-out; the right one connects and is kept', async ({
    page,
    harness,
    desktop,
  }) => {
    const machine = await openRunningComoditConsole(page, harness.url);
    const reason = page.getByTestId('console-reason').filter({ visible: true });
    // The token ComodIT handed out is refused: said plainly, and not tried again.
    await expect(reason).toContainText('refused the password the system handed out with the console');
    await page.getByRole('button', { name: 'Reconnect' }).last().click();
    const prompt = page.getByRole('form', { name: `VNC password for ${machine.name}` });
    await prompt.getByLabel('VNC password').fill('wrong-one');
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await expect(reason).toContainText('refused the password (“Authentication failure”)');
    await expect(reason).toContainText('TigerVNC blocks an address after 5 failed logins');

    await page.getByRole('button', { name: 'Reconnect' }).last().click();
    await prompt.getByLabel('VNC password').fill(desktop.password);
    await prompt.getByLabel(/Remember it in the OS keychain/).check();
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await expect(consoleStatus(page)).toContainText('Connected');
    // Kept in the keychain: the next connection needs no prompt.
    await page.getByRole('button', { name: 'Reconnect' }).first().click();
    await expect(consoleStatus(page)).toContainText('Connected');
    await expect(prompt).toBeHidden();
    expect(keychainAccounts('console:')).toEqual([`console:${machine.id}`]);

    // Deleting the profile ends its console and leaves no console password of it in the keychain.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: /^Demo ComodIT/ }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted “Demo ComodIT”' })).toBeVisible();
    expect(keychainAccounts('console:')).toEqual([]);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Consoles' }).click();
    await expect(reason).toContainText('The connection profile of this machine was removed.');
  });
});

test.describe('on a desktop of its own', () => {
  test.use({ desktopChoice: 'own' });

  test('a server killed mid-session ends in a clear disconnected state with Reconnect', async ({
    page,
    harness,
    desktop,
  }) => {
    await openRunningComoditConsole(page, harness.url);
    await expect(consoleStatus(page)).toContainText('Connected');
    await desktop.stop();
    const reason = page.getByTestId('console-reason').filter({ visible: true });
    await expect(reason).toContainText('closed the connection: the machine may have stopped');
    await expect(consoleStatus(page)).toHaveText('Disconnected');
    // Reconnecting to a server that is gone fails fast with its own reason, and main is still serving.
    await page.getByRole('button', { name: 'Reconnect' }).last().click();
    await expect(reason).toContainText('closed the connection before greeting');
    expect(await page.evaluate(() => typeof window.vantage.app.info)).toBe('function');
    await expect(page.evaluate(() => window.vantage.app.info())).resolves.toMatchObject({
      runtime: 'harness',
    });
  });
});
