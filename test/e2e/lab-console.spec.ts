import { build } from 'esbuild';

import { createConsoleRegistry } from '../../lab/consoles';
import type { ConsoleRegistry } from '../../lab/core/types';
import { expect, test } from './fixtures';
import { startWsTcpBridge } from './support/ws-tcp-bridge';
import { labelSamples, type PixelSample } from './support/vnc-expectations';

const HTML =
  '<!doctype html><html><body style="margin:0"><div id="screen"></div><script type="module" src="/probe.js"></script></body></html>';
const LABEL = 'web-prod-012';

let registry: ConsoleRegistry;
let script: string;
test.beforeAll(async () => {
  registry = createConsoleRegistry({ host: '127.0.0.1', password: 'vantage' });
  const bundle = await build({
    entryPoints: ['test/e2e/pages/vnc-probe.ts'],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  script = bundle.outputFiles[0]?.text ?? '';
});
test.afterAll(() => registry.close());

test('noVNC in Chromium logs into the lab console and shows the machine name', async ({ page }) => {
  const bridge = await startWsTcpBridge(await registry.open('vm-1001', LABEL), { html: HTML, script });
  try {
    await page.goto(`${bridge.url}#vantage`);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { probe?: { state: string } }).probe?.state))
      .toBe('connected');
    expect(
      await page.evaluate(() => (window as unknown as { probe: { desktopName?: string } }).probe.desktopName),
    ).toBe(LABEL);
    const samples = labelSamples(LABEL);
    // Every pixel of the label's glyphs is white on the canvas, and none of the gaps between them is.
    await expect
      .poll(() =>
        page.evaluate((points: PixelSample[]) => {
          const canvas = document.querySelector<HTMLCanvasElement>('#screen canvas');
          const context = canvas?.getContext('2d');
          if (!context) return 'no canvas';
          const wrong = points.filter(({ x, y, on }) => {
            const [r, g, b] = context.getImageData(x, y, 1, 1).data;
            return (r === 255 && g === 255 && b === 255) !== on;
          });
          return `${wrong.length} of ${points.length} pixels differ`;
        }, samples),
      )
      .toBe(`0 of ${samples.length} pixels differ`);
    expect(samples.filter((s) => s.on).length).toBeGreaterThan(100);
    await page.screenshot({ path: 'test-results/artifacts/lab-console-novnc.png' });
  } finally {
    await bridge.stop();
  }
});

test('a wrong password is refused with the server reason', async ({ page }) => {
  const bridge = await startWsTcpBridge(await registry.open('vm-1002', 'db-prod-001'), {
    html: HTML,
    script,
  });
  try {
    await page.goto(`${bridge.url}#not-the-password`);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { probe?: { state: string } }).probe?.state))
      .toBe('failed');
    expect(
      await page.evaluate(() => (window as unknown as { probe: { reason?: string } }).probe.reason),
    ).toBe('Authentication failure');
  } finally {
    await bridge.stop();
  }
});
