import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import FindMyWay, { type HTTPMethod as RouterMethod } from 'find-my-way';

import { createBufferCollector } from '../../main/services/downloads/buffer-collector';

import type { LabCertificate } from './tls';
import { decideFault, type FaultConfig } from './faults';
import { toJson } from './json';
import type { RefusalLog } from './log';
import type { HttpMethod, LabRequest, LabResponse, LabRouter, RouteHandler, VendorSimulator } from './types';

export interface VendorServerOptions {
  vendor: string;
  simulator: VendorSimulator;
  certificate?: LabCertificate;
  host: string;
  port: number;
  faults: () => FaultConfig;
  random: () => number;
  log: RefusalLog;
}

export interface RunningVendorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as unknown;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Streamed bodies (1 GiB downloads) would otherwise pile up dead buffers until a major collection: see the module. */
const collector = createBufferCollector();

function cutStream(source: Readable, res: ServerResponse, limit: number): void {
  let sent = 0;
  source.on('data', (chunk: Buffer) => {
    if (sent >= limit) return;
    const part = chunk.subarray(0, limit - sent);
    sent += part.length;
    if (sent < limit) {
      res.write(part);
      return;
    }
    source.destroy();
    // Dropped once the half has left: destroying at once would discard what is still queued.
    res.write(part, () => res.socket?.destroy());
  });
}

function send(res: ServerResponse, answer: LabResponse, truncate: boolean): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.raw instanceof Readable) {
    res.writeHead(answer.status, headers);
    const declared = Number(headers['content-length']);
    if (truncate && declared > 1) {
      // A stream cut the same way: about half of what it promised, then the connection drops.
      cutStream(answer.raw, res, Math.floor(declared / 2));
      return;
    }
    answer.raw.on('data', (piece: Buffer) => collector.received(piece.length));
    answer.raw.pipe(res);
    return;
  }
  let payload: Buffer | undefined;
  if (answer.raw) payload = answer.raw;
  else if (answer.body !== undefined) {
    payload = Buffer.from(toJson(answer.body, answer.int64));
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(payload?.length ?? 0);
  res.writeHead(answer.status, headers);
  if (truncate && payload && payload.length > 1) {
    // Promise the whole body, deliver half, then drop the connection: what a dying proxy does.
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(payload);
}

/** One vendor simulator on its own loopback port, over HTTPS (or HTTP when no certificate is given). */
export async function startVendorServer(options: VendorServerOptions): Promise<RunningVendorServer> {
  const { simulator, log, vendor } = options;
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 500 });
  const labRouter: LabRouter = {
    on(method: HttpMethod | HttpMethod[], path: string, handler: RouteHandler) {
      router.on(method, path, () => undefined, handler);
    },
  };
  simulator.routes(labRouter);

  const refuse = (req: IncomingMessage, path: string, answer: LabResponse): LabResponse => {
    if (answer.status >= 400) {
      const reason =
        answer.reason ??
        (typeof answer.body === 'object' ? JSON.stringify(answer.body).slice(0, 300) : 'refused');
      log.record({ vendor, method: req.method ?? '?', path, status: answer.status, reason });
    }
    return answer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://lab.invalid');
    const path = url.pathname;
    const faults = options.faults();
    if (faults.latencyMs) await sleep(faults.latencyMs);
    const fault = decideFault(faults, path, options.random);
    if (fault.kind === 'reset') {
      log.record({
        vendor,
        method: req.method ?? '?',
        path,
        status: 0,
        reason: 'fault injection: connection reset',
      });
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error') {
      const message = `Injected fault: the service answered ${fault.status}`;
      send(
        res,
        refuse(req, path, {
          status: fault.status,
          body: simulator.errorBody(fault.status, message, path),
          reason: 'fault injection',
        }),
        false,
      );
      return;
    }
    const found = router.find((req.method ?? 'GET') as RouterMethod, path);
    if (!found) {
      send(
        res,
        refuse(req, path, { status: 404, body: simulator.errorBody(404, `No such resource: ${path}`, path) }),
        false,
      );
      return;
    }
    let labRequest: LabRequest;
    try {
      const rawBody = await readBody(req);
      labRequest = {
        method: req.method ?? 'GET',
        path,
        params: found.params,
        query: url.searchParams,
        headers: req.headers,
        body: parseBody(rawBody, req.headers['content-type']),
        rawBody,
      };
    } catch (error) {
      const message = error instanceof RangeError ? 'Request body too large' : 'Malformed request body';
      send(
        res,
        refuse(req, path, { status: 400, body: simulator.errorBody(400, message, path), reason: message }),
        false,
      );
      return;
    }
    const answer = await (found.store as RouteHandler)(labRequest);
    send(res, refuse(req, path, answer), fault.kind === 'truncate');
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      // A simulator bug must not take the lab down: answer 500 in the vendor's own shape.
      const message = error instanceof Error ? error.message : String(error);
      log.record({
        vendor,
        method: req.method ?? '?',
        path: req.url ?? '',
        status: 500,
        reason: `lab error: ${message}`,
      });
      if (!res.headersSent)
        send(
          res,
          { status: 500, body: simulator.errorBody(500, 'Internal server error', req.url ?? '') },
          false,
        );
      else res.destroy();
    });
  };

  const server: Server = options.certificate
    ? createHttpsServer({ key: options.certificate.key, cert: options.certificate.cert }, listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.certificate ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
