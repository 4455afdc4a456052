import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CaptureServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: CapturedRequest[];
  /** Whether `secret` reached the server in any form a client sends one: clear, in a URL, or in HTTP Basic. */
  received(secret: string): boolean;
  close(): Promise<void>;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * A plain-HTTP server on loopback that records every request and answers each with a JSON 404: the stranger a
 * profile is re-pointed at, to prove what main does (not) send to a server the secret was not saved for.
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"capture server"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received(secret) {
      const seen = requests.map((r) => {
        const basic = /^Basic (.+)$/i.exec(String(r.headers.authorization ?? ''))?.[1];
        const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
        return [
          r.url,
          decoded,
          JSON.stringify(r.headers),
          r.body,
          safeDecode(r.url),
          safeDecode(r.body),
        ].join('\n');
      });
      return seen.some((text) => text.includes(secret));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
