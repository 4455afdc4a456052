import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

import { WebSocketServer } from 'ws';

/**
 * A plain WebSocket-to-TCP bridge (what websockify does), serving one HTML page beside it: the reference a VNC client
 * in Chromium uses to reach a TCP VNC server directly, without Vantage in between.
 */
export async function startWsTcpBridge(
  target: { host: string; port: number },
  page: { html: string; script: string },
  /** Any loopback address: another one than the harness's makes the probe page a site (and renderer) of its own. */
  host = '127.0.0.1',
) {
  const http: Server = createServer((req, res) => {
    if (req.url === '/probe.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(page.script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page.html);
  });
  const wss = new WebSocketServer({ server: http, path: '/ws' });
  wss.on('connection', (ws) => {
    const tcp = connect(target.port, target.host);
    // As websockify does (TCP_NODELAY): without it Nagle holds small writes such as key events back.
    tcp.setNoDelay(true);
    tcp.on('data', (data) => ws.send(data));
    tcp.on('close', () => ws.close());
    tcp.on('error', () => ws.close());
    ws.on('message', (data: Buffer) => tcp.write(data));
    ws.on('close', () => tcp.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, host, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
