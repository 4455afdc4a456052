import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An upstream that misbehaves on purpose, over plain HTTP on loopback: endless or huge bodies, bodies that trickle,
 * absurdly nested JSON, HTML where JSON belongs. Counts the requests of each path, so tests can tell a retry.
 *
 * - `/huge?mb=N[&declare=1]`: a JSON string of N MiB (with its Content-Length when `declare`)
 * - `/trickle?every=MS`: a JSON answer that sends one byte every MS milliseconds and never ends
 * - `/deep?n=N`: N nested arrays
 * - `/html`, and every path under `/html/`: a 200 with an HTML page (a captive portal, a proxy's error page)
 * - every path under `/odd/`: a 200 with JSON of a shape no vendor answers
 * - every path under `/signed-in/html/`: a sign-in (any POST) that every vendor's connector accepts, then HTML
 */
export interface HostileServer {
  url: string;
  requests: (path: string) => number;
  close: () => Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function sendHuge(res: ServerResponse, bytes: number, declare: boolean): Promise<void> {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(declare ? { 'content-length': String(bytes + 2) } : {}),
  });
  res.write('"');
  let sent = 0;
  while (sent < bytes && !res.destroyed) {
    const piece = CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent));
    sent += piece.length;
    // Respects backpressure: the server never holds more than a socket buffer of it.
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  res.end('"');
}

function trickle(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  const timer = setInterval(() => res.write('0,'), everyMs);
  res.on('close', () => clearInterval(timer));
}

export async function startHostileServer(): Promise<HostileServer> {
  const counts = new Map<string, number>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    res.on('error', () => undefined);
    // Read what the client sends (a sign-in's form) before answering, as servers do.
    req.resume();
    const number = (name: string, fallback: number): number => Number(url.searchParams.get(name) ?? fallback);
    if (url.pathname.endsWith('/huge'))
      void sendHuge(res, number('mb', 1) * 1024 * 1024, url.searchParams.has('declare'));
    else if (url.pathname.endsWith('/trickle')) trickle(res, number('every', 100));
    else if (url.pathname.endsWith('/deep')) {
      const n = number('n', 1000);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('['.repeat(n) + ']'.repeat(n));
    } else if (url.pathname.startsWith('/signed-in/html/') && req.method === 'POST') {
      // The fields of vCenter's /rest, Danube's, Unitrends' and IBM IAM's sign-in answers at once.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"value":"session","token":"t","auth_token":"a","access_token":"i","expires_in":3600}');
    } else if (url.pathname.startsWith('/signed-in/html/')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><h1>Gateway</h1></body></html>');
    } else if (url.pathname.startsWith('/odd/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"unexpected": [1, "two"]}');
    } else if (url.pathname.endsWith('/html') || url.pathname.startsWith('/html/')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><h1>Sign in to the network</h1></body></html>');
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not here"}');
    }
  };
  const server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: (path) => counts.get(path) ?? 0,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
