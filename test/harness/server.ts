import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { WebSocketServer, type WebSocket } from 'ws';

import { contract } from '../../common/contract';
import { createBackend, type Backend, type BackendOptions } from '../../main/backend';
import { createIpcRouter, type IpcRouter } from '../../main/ipc/router';
import { harnessSenderCheck, type HarnessSender } from '../../main/ipc/senders';
import { contentSecurityPolicy } from '../../main/security/csp';
import { resolveStaticFile } from '../../main/services/static-files';
import { readClientFrame, type ClientFrame } from './client-frames';
import {
  HARNESS_PATH,
  HARNESS_PROTOCOL,
  streamHeader,
  tokenFromProtocols,
  type ServerMessage,
} from './protocol';
import { streamSlot, type StreamSlot } from './stream-slot';
import { testFilePicker, type TestFilePicker } from './file-picker';
import { testContract, testHandlers } from './test-hooks';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HarnessOptions {
  dataDirectory: string;
  port?: number;
  rendererDirectory?: string;
  /** Registers the test-only channels (test/harness/test-hooks.ts). */
  testHooks?: boolean;
  /** Sees every WebSocket frame in both directions (tests search it for secrets). */
  onTraffic?: (direction: 'in' | 'out', data: string | Uint8Array) => void;
  backend?: Partial<BackendOptions>;
  /** Why a frame or a socket was dropped (default: console.warn). */
  log?: (message: string) => void;
  /** Sees the URL of every WebSocket upgrade request (tests check that no token travels in it). */
  onUpgrade?: (url: string) => void;
}

/** The largest message a page may send; a longer one closes its socket with 1009 (Message Too Big). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface Harness {
  /** Open this URL: it carries the per-run token in its fragment, which never reaches the server's logs. */
  url: string;
  origin: string;
  token: string;
  backend: Backend;
  stop(): Promise<void>;
}

function buildRouter(
  options: HarnessOptions,
  backend: Backend,
  origin: string,
  token: string,
  picker: TestFilePicker | undefined,
): IpcRouter<HarnessSender> {
  const checkSender = harnessSenderCheck(origin, token);
  if (options.testHooks)
    return createIpcRouter({ contract: testContract, ...testHandlers(backend, picker), checkSender });
  return createIpcRouter({ contract, handlers: backend.handlers, streams: backend.streams, checkSender });
}

/**
 * The browser harness: main's services in plain Node, the built renderer over HTTP on 127.0.0.1, and `window.vantage`
 * over one WebSocket, through the same IPC wrapper the Electron shell uses.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDirectory = options.rendererDirectory ?? join(repoRoot, 'out', 'renderer');
  const bridgeFile = join(repoRoot, 'out', 'harness', options.testHooks ? 'bridge-test.js' : 'bridge.js');
  const token = randomBytes(24).toString('base64url');
  const picker = options.testHooks ? testFilePicker() : undefined;
  const backend = await createBackend({
    version: (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
      .version,
    dataDirectory: options.dataDirectory,
    runtime: 'harness',
    processVersions: process.versions,
    ...(picker ? { pickCertificateFile: picker.pick } : {}),
    // Never the user's own Downloads folder: one beside the harness's data.
    downloads: { systemDownloads: join(options.dataDirectory, 'Downloads') },
    ...options.backend,
  });

  const http = createServer();
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const router = buildRouter(options, backend, origin, token, picker);
  const csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`] });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origin).pathname;
    const headers = {
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    const script =
      path === `${HARNESS_PATH}/bridge.js`
        ? bridgeFile
        : path === `${HARNESS_PATH}/transport.js`
          ? join(repoRoot, 'out', 'harness', 'transport.js')
          : undefined;
    if (script) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(await readFile(script));
      return;
    }
    const found = resolveStaticFile(rendererDirectory, path);
    if (!found || req.method !== 'GET') {
      res.writeHead(404, headers).end('Not found');
      return;
    }
    let body: Buffer | string = await readFile(found.file);
    // The harness stands in for the preload: its bridge must run before the app's module scripts.
    if (found.file.endsWith('index.html'))
      body = body
        .toString('utf8')
        .replace('<head>', `<head>\n    <script src="${HARNESS_PATH}/bridge.js"></script>`);
    res.writeHead(200, { ...headers, 'content-type': found.contentType });
    res.end(body);
  };
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(404).end('Not found');
    });
  });

  const log = options.log ?? ((message: string) => console.warn(`harness: ${message}`));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Selects the protocol, never echoes the token (which the page offers as a second subprotocol).
    handleProtocols: (offered) => (offered.has(HARNESS_PROTOCOL) ? HARNESS_PROTOCOL : false),
  });
  http.on('upgrade', (req, socket, head) => {
    options.onUpgrade?.(req.url ?? '');
    // A client that resets mid-handshake must not take the process down.
    socket.on('error', (error) => log(`upgrade socket: ${error.message}`));
    const url = new URL(req.url ?? '/', origin);
    const sender: HarnessSender = {
      origin: req.headers.origin,
      token: tokenFromProtocols(req.headers['sec-websocket-protocol']),
    };
    // Refuse before the handshake too: a foreign page gets no socket at all.
    if (url.pathname !== `${HARNESS_PATH}/ws` || harnessSenderCheck(origin, token)(sender) !== undefined) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, sender));
  });

  const attach = (ws: WebSocket, sender: HarnessSender): void => {
    const sendJson = (message: ServerMessage): void => {
      const text = JSON.stringify(message);
      options.onTraffic?.('out', text);
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    const streams = new Map<number, StreamSlot>();
    const unsubscribe = backend.bus.subscribe((name, payload) => sendJson({ t: 'evt', name, payload }));

    const open = async (message: Extract<ClientFrame, { t: 'open' }>): Promise<void> => {
      const { sid } = message;
      if (streams.has(sid)) {
        const error = { code: 'INVALID_ARGUMENT', message: `Stream ${sid} is already open.` } as const;
        sendJson({ t: 'res', id: message.id, envelope: { error } });
        return;
      }
      const slot = streamSlot({
        send: (data) => {
          if (ws.readyState !== ws.OPEN) return;
          options.onTraffic?.('out', data);
          // Header and bytes as two fragments of one binary message: the bytes (up to megabytes) are not copied,
          // and garbage in main is what makes its collector pause.
          ws.send(streamHeader(sid), { binary: true, fin: false });
          ws.send(data, { binary: true, fin: true });
        },
        sendControl: (control) => sendJson({ t: 'ctl', sid, message: control }),
        end: (error) => {
          streams.delete(sid);
          sendJson(error ? { t: 'closed', sid, error } : { t: 'closed', sid });
        },
      });
      streams.set(sid, slot);
      const envelope = await router.openStream(message.name, message.args, sender, slot.endpoint);
      if ('error' in envelope) streams.delete(sid);
      sendJson({ t: 'res', id: message.id, envelope });
    };

    const receive = (data: Buffer, isBinary: boolean): void => {
      options.onTraffic?.('in', isBinary ? new Uint8Array(data) : data.toString('utf8'));
      const frame = readClientFrame(data, isBinary);
      if (frame.kind === 'refused') {
        log(frame.error.message);
        sendJson(
          frame.id === undefined
            ? { t: 'error', error: frame.error }
            : { t: 'res', id: frame.id, envelope: { error: frame.error } },
        );
        return;
      }
      // Bytes for a stream that has just ended are a normal race: dropped without a word.
      if (frame.kind === 'bytes') return streams.get(frame.sid)?.deliver(frame.payload);
      const { message } = frame;
      if (message.t === 'req')
        router
          .handle(message.channel, message.args, sender)
          .then((envelope) => sendJson({ t: 'res', id: message.id, envelope }))
          // An answer that cannot be sent (not serialisable) is logged, not an unhandled rejection.
          .catch((error: unknown) => log(`request ${message.id}: ${String(error)}`));
      else if (message.t === 'open')
        open(message).catch((error: unknown) => log(`stream ${message.sid}: ${String(error)}`));
      else if (message.t === 'ctl') streams.get(message.sid)?.control(message.message);
      else {
        streams.get(message.sid)?.pageEnded();
        streams.delete(message.sid);
      }
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      // The last line of defence: whatever a frame does, the harness (main's stand-in) stays up.
      try {
        receive(data, isBinary);
      } catch (error) {
        log(`a frame failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    // ws reports an oversized or malformed frame here and closes the socket (1009, 1002): that socket only.
    ws.on('error', (error) => log(`socket closed: ${error.message}`));
    ws.on('close', () => {
      unsubscribe();
      for (const stream of [...streams.values()]) stream.pageEnded();
    });
  };

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    backend,
    stop: async () => {
      await backend.dispose();
      await picker?.dispose();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
