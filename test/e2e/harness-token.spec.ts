import WebSocket from 'ws';

import { HARNESS_PROTOCOL, tokenProtocol } from '../harness/protocol';
import type { TestApi } from '../harness/test-hooks';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    readonly vantage: TestApi;
  }
}

const upgrades: string[] = [];
test.use({ harnessOptions: { onUpgrade: (url) => upgrades.push(url) } });

const attempt = (url: string, origin: string, protocols: string[]): Promise<string> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('error', (error) => resolve(error.message));
  });

test('the harness token never travels in a URL: the page offers it as a WebSocket subprotocol', async ({
  page,
  harness,
}) => {
  upgrades.length = 0;
  await page.goto(harness.url);
  // Requests are answered over the socket (and after a reload, which takes the token from sessionStorage).
  expect((await page.evaluate(() => window.vantage.app.info())).runtime).toBe('harness');
  await page.reload();
  expect((await page.evaluate(() => window.vantage.app.info())).runtime).toBe('harness');
  expect(upgrades.length).toBeGreaterThan(0);
  for (const url of upgrades) expect(url).not.toContain(harness.token);
  // The fragment that brought it is gone from the address bar too.
  expect(page.url()).not.toContain(harness.token);

  const ws = `${harness.origin.replace('http', 'ws')}/__harness/ws`;
  // The token in the query is no longer accepted, so that nothing comes to rely on it again.
  expect(await attempt(`${ws}?token=${harness.token}`, harness.origin, [HARNESS_PROTOCOL])).toMatch(/403/);
  expect(await attempt(ws, harness.origin, [HARNESS_PROTOCOL, tokenProtocol(harness.token)])).toBe('open');
});
