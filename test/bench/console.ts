import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';

import type { VantageContract } from '../../common/contract';
import type { Api } from '../../common/ipc';
import type { Machine } from '../../common/machines';
import { TYPED_REGION } from '../../lab/consoles/screen';
import type { LabVendorInfo } from '../../lab/lab';
import { CONNECTORS } from '../../main/connectors';
import type { ConsoleEndpoint } from '../../main/connectors/types';
import { createConnections } from '../../main/services/connections';
import { labProfile, labTrust } from '../../main/services/demo';
import { memoryKeychain } from '../../main/services/memory-keychain';
import { openProfileStore } from '../../main/services/profile-store';
import { createSecretsService } from '../../main/services/secrets';
import { labelSamples } from '../e2e/support/vnc-expectations';
import { startWsTcpBridge } from '../e2e/support/ws-tcp-bridge';
import { CHROMIUM } from '../chromium';
import { startLabProcess, startMainProcess } from './processes';
import { percentile, type Benchmark, type Figure } from './types';

const CONNECTS = 60;
const KEYSTROKES = 40;
const SETTLE_MS = 100;
const BLOCK = 10;
const VIEWPORT = { width: 1280, height: 800 };
const HTML =
  '<!doctype html><html><body style="margin:0"><div id="screen" style="width:1100px;height:620px"></div>' +
  '<script type="module" src="/probe.js"></script></body></html>';

interface Flip {
  t: number;
  y: number;
  h: number;
  /** The probe pixel (a pixel of the machine's name) is white: the picture has arrived, not an empty screen. */
  lit: boolean;
}

/**
 * Records when noVNC puts pixels on the visible canvas (its flip: drawImage from the back buffer onto a canvas in
 * the page), with the framebuffer rows drawn. Installed the same way in both pages, so both are measured alike.
 */
function recordFlips(probe: { x: number; y: number }): void {
  const flips: Flip[] = [];
  (window as unknown as { flips: Flip[] }).flips = flips;
  const original = CanvasRenderingContext2D.prototype.drawImage;
  // A member assignment, not a named function: tsx would wrap a named one in a helper the page does not have.
  CanvasRenderingContext2D.prototype.drawImage = function (
    this: CanvasRenderingContext2D,
    ...args: unknown[]
  ): void {
    Reflect.apply(original, this, args);
    if (args.length !== 9 || !this.canvas.isConnected) return;
    const [y, h] = [Number(args[2]), Number(args[4])];
    const pixel =
      probe.y >= y && probe.y < y + h ? this.getImageData(probe.x, probe.y, 1, 1).data : undefined;
    flips.push({
      t: performance.now(),
      y,
      h,
      lit: pixel !== undefined && pixel[0] === 255 && pixel[2] === 255,
    });
  };
  // When each key press reached the page (before noVNC's own listener on the canvas).
  const keys: number[] = [];
  (window as unknown as { keys: number[] }).keys = keys;
  document.addEventListener('keydown', () => keys.push(performance.now()), true);
}

/** Waits until a flip after `since` draws rows overlapping [top, bottom) (and, with `lit`, the picture). */
async function flipAfter(page: Page, since: number, region: { top: number; bottom: number; lit?: boolean }) {
  const handle = await page.waitForFunction(
    ({ since: s, top, bottom, lit }) =>
      (window as unknown as { flips: Flip[] }).flips.find(
        (f) => f.t > s && f.y < bottom && f.y + f.h > top && (!lit || f.lit),
      )?.t,
    { since, ...region },
    { polling: 5, timeout: 15_000 },
  );
  return (await handle.jsonValue()) as number;
}

const FIRST_FRAME = { top: 0, bottom: 1e6, lit: true };
const ECHO_LINE = { top: TYPED_REGION.y, bottom: TYPED_REGION.y + TYPED_REGION.height };

/** Presses keys one at a time; each sample is the key press to the first flip that redraws the echo line. */
async function keystrokes(page: Page): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const before = await page.evaluate(() => (window as unknown as { keys: number[] }).keys.length);
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    const pressed = await page.evaluate(
      (n) => (window as unknown as { keys: number[] }).keys[n] ?? 0,
      before,
    );
    const shown = await flipAfter(page, pressed, ECHO_LINE);
    samples.push(shown - pressed);
  }
  return samples;
}

/** Lets both pages finish what the previous connection left (drawing, garbage) before the next sample starts. */
async function settle(...pages: Page[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await Promise.all(
    pages.map((page) =>
      page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }))),
    ),
  );
}

const ms = (n: number): number => Math.round(n * 10) / 10;

function figures(label: string, vantage: number[], direct: number[]): Figure[] {
  const v = percentile(vantage, 50);
  const d = percentile(direct, 50);
  return [
    {
      name: `${label}, Vantage p50`,
      value: ms(v),
      unit: 'ms',
      note: `p95 ${ms(percentile(vantage, 95))} ms`,
    },
    { name: `${label}, direct p50`, value: ms(d), unit: 'ms', note: `p95 ${ms(percentile(direct, 95))} ms` },
    {
      name: `${label}, Vantage / direct`,
      value: Math.round((v / d) * 100) / 100,
      unit: 'x',
      note: `goal <= 1.1 (${vantage.length} samples each)`,
    },
  ];
}

/**
 * A console over the Vantage bridge (harness page, stream sub-channel, main's TCP connection and VNC
 * authentication, the MessagePort channel) next to noVNC on a direct WebSocket-to-TCP bridge, against the same
 * lab console, in the same Chromium: connect-to-first-frame and key-press-to-echo round trip.
 */
export const consoleBridge: Benchmark = {
  name: 'console bridge',
  async run() {
    const lab = await startLabProcess(['--vms', '250']);
    const dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-bench-console-'));
    const main = await startMainProcess(join(dataDirectory, 'main'));
    const browser = await chromium.launch(CHROMIUM);
    try {
      const info = lab.description.vendors.comodit;
      if (!info) throw new Error('the lab runs no ComodIT');
      const { machine, endpoint } = await runningConsole(info, dataDirectory);

      const probePage = await build({
        entryPoints: ['test/bench/pages/console-probe.ts'],
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'warning',
      });
      // On 127.0.0.2, a site of its own: the probe page gets its own renderer process, as a browser tab beside the
      // Vantage window would, and neither page's frames wait on the other's thread.
      const bridge = await startWsTcpBridge(
        endpoint,
        { html: HTML, script: probePage.outputFiles[0]?.text ?? '' },
        '127.0.0.2',
      );
      const context = await browser.newContext({ viewport: VIEWPORT });
      const probe = labelSamples(machine.name).find((sample) => sample.on);
      if (!probe) throw new Error('the machine name has no glyph pixel');
      await context.addInitScript(recordFlips, { x: probe.x, y: probe.y });

      const direct = await context.newPage();
      await direct.goto(bridge.url);
      const vantage = await context.newPage();
      await vantage.goto(main.url);
      await listInVantage(
        vantage,
        { ...labProfile(info), fingerprint256: info.fingerprint256 ?? '' },
        machine.name,
      );
      await vantage
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: 'Consoles' })
        .click();
      await vantage.getByLabel('Find a machine').fill(machine.name);
      await vantage
        .getByRole('button', { name: new RegExp(`^Open the console of ${machine.name} `) })
        .click();
      await vantage.getByTestId('console-status').filter({ hasText: 'Connected' }).waitFor();

      const connectDirect = async (): Promise<number> => {
        const started = await direct.evaluate(
          (p) => (window as unknown as { probe: { connect(x: string): number } }).probe.connect(p),
          endpoint.password ?? '',
        );
        return (await flipAfter(direct, started, FIRST_FRAME)) - started;
      };
      const connectVantage = async (): Promise<number> => {
        const clicked = await vantage.evaluate(() => {
          const button = [...document.querySelectorAll('button')].find(
            (b) => b.textContent?.trim() === 'Reconnect',
          );
          const at = performance.now();
          button?.click();
          return at;
        });
        return (await flipAfter(vantage, clicked, FIRST_FRAME)) - clicked;
      };

      // Connect to first frame, in blocks of each path taking turns (ABBA...), so that drift on a shared machine hits
      // both alike. The path being measured is the front tab, as the console a user watches is: a background tab
      // draws nothing, and a path measured there would be spared the cost of showing its frames.
      const connect = { vantage: [] as number[], direct: [] as number[] };
      for (let block = 0; block < CONNECTS / BLOCK; block++) {
        const order = block % 2 === 0 ? (['direct', 'vantage'] as const) : (['vantage', 'direct'] as const);
        for (const path of order) {
          await (path === 'direct' ? direct : vantage).bringToFront();
          for (let i = 0; i < BLOCK; i++) {
            await settle(direct, vantage);
            connect[path].push(await (path === 'direct' ? connectDirect() : connectVantage()));
          }
        }
      }

      // Key press to echo, on the connections made last.
      await vantage.getByTestId('console-status').filter({ hasText: 'Connected' }).waitFor();
      await vantage.locator('[data-testid=console-screen] canvas').click();
      await direct.bringToFront();
      await direct.locator('#screen canvas').click();
      const directKeys = await keystrokes(direct);
      await vantage.bringToFront();
      await vantage.locator('[data-testid=console-screen] canvas').click();
      const vantageKeys = await keystrokes(vantage);

      await context.close();
      await bridge.stop();
      return [
        ...figures('connect to first frame', connect.vantage, connect.direct),
        ...figures('keystroke round trip', vantageKeys, directKeys),
      ];
    } finally {
      await browser.close();
      await main.stop();
      lab.stop();
      await rm(dataDirectory, { recursive: true, force: true });
    }
  },
};

/** A running ComodIT instance and its VNC endpoint, found by the ComodIT connector here: the direct path's target. */
async function runningConsole(
  info: LabVendorInfo,
  dataDirectory: string,
): Promise<{ machine: Machine; endpoint: Extract<ConsoleEndpoint, { kind: 'vnc' }> }> {
  const connections = createConnections({
    store: await openProfileStore(join(dataDirectory, 'direct')),
    secrets: createSecretsService(memoryKeychain()),
    connectors: CONNECTORS,
  });
  try {
    const { input, secret } = labProfile(info);
    const profile = await connections.create(input, { secret, keep: 'session' }, labTrust(info));
    const connector = connections.connector(profile.id);
    const machines: Machine[] = [];
    await connector.listMachines((page) => machines.push(...page), new AbortController().signal);
    const machine = machines.find((m) => m.power === 'running');
    if (!machine) throw new Error('the lab listed no running ComodIT instance');
    const endpoint = await connector.console?.(machine);
    if (endpoint?.kind !== 'vnc' || !endpoint.password) throw new Error('no VNC console for the machine');
    return { machine, endpoint };
  } finally {
    await connections.close();
  }
}

/** Adds the lab's ComodIT to Vantage through the page's API and waits until the machine is listed. */
async function listInVantage(
  page: Page,
  profile: ReturnType<typeof labProfile> & { fingerprint256: string },
  name: string,
): Promise<void> {
  await page.evaluate(
    async ({ input, secret, fingerprint256, wanted }) => {
      const api = (window as unknown as { vantage: Api<VantageContract> }).vantage;
      const { id } = await api.profiles.create({ profile: { ...input, tags: [] }, secret });
      // Trusted as a person trusts it: main fetches the certificate, the fingerprint is the one confirmed.
      await api.profiles.trust({ id, fingerprint256 });
      await api.inventory.refresh({});
      for (let tries = 0; tries < 100; tries++) {
        const { machines } = await api.inventory.snapshot();
        if (machines.some((m) => m.name === wanted)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Vantage did not list ${wanted}`);
    },
    { ...profile, wanted: name },
  );
}
