import { readFile } from 'node:fs/promises';

import WebSocket from 'ws';

import type { IpcError } from '../../common/errors';
import { HARNESS_PROTOCOL, tokenProtocol } from '../harness/protocol';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    readonly vantage: TestApi;
  }
}

const packageVersion = async (): Promise<string> =>
  (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;

test('the About panel shows app.info from main', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
  await page.getByRole('button', { name: 'About Vantage' }).click();
  const dialog = page.getByRole('dialog', { name: 'About Vantage' });
  await expect(dialog.getByTestId('app-version')).toHaveText(await packageVersion());
  await expect(dialog.getByTestId('app-runtime')).toHaveText('Browser harness');
  await expect(dialog.getByTestId('node-version')).toHaveText(process.versions.node);
  await expect(dialog.getByTestId('data-directory')).toHaveText(harness.dataDirectory);
  await expect(dialog.getByTestId('subsystem-disk')).toContainText('ok');
  // npm test runs on a private gnome-keyring (scripts/with-keyring.sh): the real keychain must answer.
  await expect(dialog.getByTestId('subsystem-keychain')).toContainText('ok');
  await page.screenshot({ path: 'test-results/artifacts/about-panel.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the token leaves the address bar and a reload still connects', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('');
  await page.reload();
  const info = await page.evaluate(() => window.vantage.app.info());
  expect(info.runtime).toBe('harness');
});

test('an unknown channel is refused by the page API and by main', async ({ page, harness }) => {
  await page.goto(harness.url);
  const outcome = await page.evaluate(async () => {
    const api = window.vantage as unknown as Record<string, unknown>;
    let onError = '';
    try {
      window.vantage.on('no.such.event' as 'app.notice', () => undefined);
    } catch (error) {
      onError = (error as Error).message;
    }
    const stream = await window.vantage.openStream('fs.read' as 'test.echo', { prefix: '' }, 'n').then(
      () => 'opened',
      (error: IpcError) => error.code,
    );
    return { fs: typeof api.fs, invoke: typeof api.invoke, onError, stream };
  });
  expect(outcome).toEqual({
    fs: 'undefined',
    invoke: 'undefined',
    onError: 'Unknown event "no.such.event"',
    stream: 'UNKNOWN_CHANNEL',
  });

  // A page that crafts its own message on the socket meets the same refusal in main.
  const ws = new WebSocket(
    `${harness.origin.replace('http', 'ws')}/__harness/ws`,
    [HARNESS_PROTOCOL, tokenProtocol(harness.token)],
    { origin: harness.origin },
  );
  const answer = await new Promise<unknown>((resolve, reject) => {
    ws.on('open', () =>
      ws.send(JSON.stringify({ t: 'req', id: 7, channel: 'fs.readFile', args: { path: '/etc/passwd' } })),
    );
    ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    ws.on('error', reject);
  });
  ws.close();
  expect(answer).toMatchObject({ t: 'res', id: 7, envelope: { error: { code: 'UNKNOWN_CHANNEL' } } });
});

test('a foreign origin or a missing token gets no socket', async ({ harness }) => {
  const attempt = (origin: string, token: string): Promise<string> =>
    new Promise((resolve) => {
      const ws = new WebSocket(
        `${harness.origin.replace('http', 'ws')}/__harness/ws`,
        [HARNESS_PROTOCOL, tokenProtocol(token)],
        { origin },
      );
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('error', (error) => resolve(error.message));
    });
  expect(await attempt('http://evil.example', harness.token)).toMatch(/403/);
  expect(await attempt(harness.origin, 'guess')).toMatch(/403/);
  expect(await attempt(harness.origin, harness.token)).toBe('open');
});

test('invalid arguments get a clear error and never reach the service', async ({ page, harness }) => {
  await page.goto(harness.url);
  const outcome = await page.evaluate(async () => {
    const api = window.vantage;
    const bad = await api.test.record({ value: 'seven' as unknown as number }).catch((e: IpcError) => e);
    const extra = await api.test
      .record({ value: 1, sneaky: true } as { value: number })
      .catch((e: IpcError) => e);
    const infoWithArgs = await (api.app.info as (a: unknown) => Promise<unknown>)({ x: 1 }).catch(
      (e: IpcError) => e,
    );
    const before = await api.test.recorded();
    await api.test.record({ value: 3 });
    return { bad, extra, infoWithArgs, before, after: await api.test.recorded() };
  });
  expect(outcome.bad).toMatchObject({
    code: 'INVALID_ARGUMENT',
    message: expect.stringContaining('value'),
  });
  expect(outcome.extra).toMatchObject({
    code: 'INVALID_ARGUMENT',
    message: expect.stringContaining('sneaky'),
  });
  expect(outcome.infoWithArgs).toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(outcome.before).toEqual([]);
  expect(outcome.after).toEqual([3]);
});

test('an exception in a service arrives as a typed error and main keeps serving', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const outcome = await page.evaluate(async () => {
    const api = window.vantage;
    const typed = await api.test.fail({ message: 'the VM has pending tasks' }).catch((e: IpcError) => e);
    const internal = await api.test.fail({ message: 'kaboom', internal: true }).catch((e: IpcError) => e);
    const info = await api.app.info();
    return { typed, internal, runtime: info.runtime };
  });
  expect(outcome.typed).toEqual({
    name: 'VantageError',
    code: 'CONFLICT',
    message: 'the VM has pending tasks',
    details: { hint: 'raised on purpose' },
  });
  expect(outcome.internal).toMatchObject({
    code: 'INTERNAL',
    message: expect.stringContaining('kaboom'),
  });
  expect(outcome.runtime).toBe('harness');
});

test('an event from main reaches a subscriber and stops after unsubscribe', async ({ page, harness }) => {
  await page.goto(harness.url);
  const outcome = await page.evaluate(async () => {
    const api = window.vantage;
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = api.on('app.notice', (n) => first.push(n.message));
    api.on('app.notice', (n) => second.push(n.message));
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    };
    await api.test.notify({ message: 'one' });
    await until(() => first.length === 1 && second.length === 1);
    stopFirst();
    await api.test.notify({ message: 'two' });
    await until(() => second.length === 2);
    return { first, second };
  });
  expect(outcome).toEqual({ first: ['one'], second: ['one', 'two'] });
  // The app's own subscriber shows it too.
  await expect(page.getByTestId('notice').filter({ hasText: 'two' })).toBeVisible();
});

test('a stream carries bytes both ways over its MessagePort', async ({ page, harness }) => {
  await page.goto(harness.url);
  const echoed = await page.evaluate(async () => {
    const nonce = crypto.randomUUID();
    const port = new Promise<MessagePort>((resolve) =>
      window.addEventListener('message', (event: MessageEvent<{ vantageStream?: string }>) => {
        const [p] = event.ports;
        if (event.data.vantageStream === nonce && p) resolve(p);
      }),
    );
    await window.vantage.openStream('test.echo', { prefix: '>' }, nonce);
    const channel = await port;
    const reply = new Promise<string>((resolve) => {
      channel.onmessage = (event: MessageEvent<ArrayBuffer>) => resolve(new TextDecoder().decode(event.data));
    });
    channel.postMessage(new TextEncoder().encode('ping'));
    return reply;
  });
  expect(echoed).toBe('>ping');
});

test('the page has no Node, no require and no raw ipcRenderer; the API is frozen', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  const outcome = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const original = window.vantage.app.info;
    try {
      (window.vantage.app as unknown as Record<string, unknown>).info = () => 'hijacked';
    } catch {
      // strict-mode code throws; sloppy code fails silently: either way nothing may change
    }
    const replaced = window.vantage.app.info === original ? 'refused' : 'yes';
    return {
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      Buffer: typeof w.Buffer,
      ipcRenderer: typeof w.ipcRenderer,
      electron: typeof w.electron,
      frozen: Object.isFrozen(window.vantage) && Object.isFrozen(window.vantage.app),
      replaced,
      secure: window.isSecureContext,
    };
  });
  expect(outcome).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
    frozen: true,
    replaced: 'refused',
    secure: true,
  });
});

test('the CSP forbids inline scripts', async ({ page, harness }) => {
  const violations: string[] = [];
  page.on('console', (message) => violations.push(message.text()));
  await page.goto(harness.url);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(ran).toBe(false);
});

test('the keyboard reaches every view and the theme follows the OS', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consoles');
  await expect(page.getByRole('button', { name: 'Consoles' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Consoles' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: 'Protection' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Protection');
  await page.keyboard.press('Control+0');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit');

  const background = (): Promise<string> =>
    page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(light).not.toBe(dark);
  await page.screenshot({ path: 'test-results/artifacts/dark-theme.png' });
});
