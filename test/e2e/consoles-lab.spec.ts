import { createServer, type AddressInfo, type Server } from 'node:net';

import { expect, test as base } from './fixtures';
import { consoleStatus, demoMachine, openConsole, openDemo, canvasRegion } from './support/consoles';
import { labelSamples } from './support/vnc-expectations';

// The demo lab's own consoles (its built-in RFB server), machines without an embedded console, and an endpoint
// that is not a VNC server at all.
const LAB_PASSWORD = 'tok3n-Zq';
const opened: string[] = [];

const test = base.extend<{ endpoint: 'lab' | 'garbage'; garbage: string }>({
  endpoint: ['lab', { option: true }],
  /** A TCP server that answers like SSH: what pointing a console at the wrong port looks like. */
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  garbage: async ({}, use) => {
    const server: Server = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await use(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    await new Promise((resolve) => server.close(resolve));
  },
  harnessOptions: async ({ endpoint, garbage }, use) =>
    use({
      backend: {
        demoLab: {
          vms: 40,
          vncPassword: LAB_PASSWORD,
          ...(endpoint === 'garbage' ? { vncTarget: garbage } : {}),
        },
        launchUrl: (url) => {
          opened.push(url);
          return Promise.resolve();
        },
      },
    }),
});

const textOf = (data: string | Uint8Array): string =>
  typeof data === 'string' ? data : Buffer.from(data).toString('latin1');

test('the lab’s RFB server shows the machine’s name; vCenter and Danube say what they offer instead', async ({
  page,
  harness,
}) => {
  await openDemo(page, harness.url);
  const machine = await demoMachine(page, 'comodit', 'running');
  await openConsole(page, machine);
  await expect(consoleStatus(page)).toContainText('Connected');
  // Every pixel of the label's glyphs is white, and none of the gaps between them is. The label's box is read in one
  // go (~60 ms): a read per pixel, 350 round trips, took ~2.9 s per pass on an idle machine, so on a loaded one the
  // poll's 5 s held a single pass, and when it was taken mid-draw the test failed.
  const samples = labelSamples(machine.name);
  const left = Math.min(...samples.map((p) => p.x));
  const top = Math.min(...samples.map((p) => p.y));
  const width = Math.max(...samples.map((p) => p.x)) - left + 1;
  const height = Math.max(...samples.map((p) => p.y)) - top + 1;
  await expect
    .poll(async () => {
      const box = await canvasRegion(page, { x: left, y: top, width, height });
      return samples.filter(({ x, y, on }) => (box[(y - top) * width + (x - left)] === 0xffffff) !== on)
        .length;
    })
    .toBe(0);

  // Scaling is remembered per machine: 1:1 survives closing and reopening the console.
  await page.getByRole('button', { name: 'Settings ▾' }).click();
  await page.getByRole('radio', { name: /^1:1/ }).check();
  const canvas = page.locator('[data-testid=console-screen] canvas');
  await expect.poll(async () => (await canvas.boundingBox())?.width).toBe(800);
  await page.getByRole('button', { name: `Close the console of ${machine.name}` }).click();
  await openConsole(page, machine);
  await expect(consoleStatus(page)).toContainText('Connected');
  await page.getByRole('button', { name: 'Settings ▾' }).click();
  await expect(page.getByRole('radio', { name: /^1:1/ })).toBeChecked();
  await page.getByRole('button', { name: 'Settings ▾' }).click();

  const vcenter = await demoMachine(page, 'vcenter', 'running');
  await openConsole(page, vcenter);
  const panel = page.getByRole('tabpanel', { name: vcenter.name });
  await expect(panel).toContainText('WebMKS');
  await panel.getByRole('button', { name: 'Open in VMware Remote Console' }).click();
  await expect(panel.getByRole('status')).toHaveText(
    `VMware Remote Console was asked to open ${vcenter.name}.`,
  );
  expect(opened.at(-1)).toMatch(/^vmrc:\/\//);

  const danube = await demoMachine(page, 'danube');
  await openConsole(page, danube);
  await expect(page.getByRole('tabpanel', { name: danube.name })).toContainText(
    'Danube Cloud has no console API',
  );

  // Three tabs; the console kept its connection while the others were shown.
  await expect(page.getByRole('tab')).toHaveCount(3);
  await page.getByRole('tab', { name: machine.name }).click();
  await expect(consoleStatus(page)).toContainText('Connected');

  // Neither the VNC password (ComodIT's token) nor the VMRC ticket ever reached the page.
  const toPage = harness.traffic.filter((t) => t.direction === 'out').map((t) => textOf(t.data));
  expect(toPage.some((text) => text.includes(LAB_PASSWORD))).toBe(false);
  expect(toPage.some((text) => text.includes('vmrc://'))).toBe(false);
});

test.describe('an endpoint that is not a VNC server', () => {
  test.use({ endpoint: 'garbage' });

  test('is refused within seconds, quoting what it said', async ({ page, harness }) => {
    await openDemo(page, harness.url);
    const machine = await demoMachine(page, 'comodit', 'running');
    const started = Date.now();
    await openConsole(page, machine);
    await expect(page.getByTestId('console-reason').filter({ visible: true })).toContainText(
      'is not a VNC server: it answered “SSH-2.0-OpenSSH_9.2p1',
    );
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(consoleStatus(page)).toHaveText('Disconnected');
  });
});
