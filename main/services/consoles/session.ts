import type { Socket } from 'node:net';

import {
  ConsoleControlFromPageSchema,
  CONSOLE_FLOW,
  type ConsoleNotice,
  type CredentialsRequest,
} from '../../../common/consoles';
import { VantageError } from '../../../common/errors';
import { toIpcError, type StreamEndpoint } from '../../ipc/router';
import { batcher } from './batcher';
import { ByteReader, ReadFailure } from './byte-reader';
import { dial, type DialTarget, type SocketFactory } from './dial';
import { admitPage, offerNoAuthentication, readPageAnswers, type PageIo } from './rfb-downstream';
import {
  authenticate,
  greet,
  initialise,
  type PasswordOffer,
  type PasswordSource,
  type UpstreamIo,
} from './rfb-upstream';

/** Where passwords for VNC Authentication come from, and what happens to them once the server has judged them. */
export interface PasswordBook {
  /** The vendor's password (unless it was refused before) or the one saved in the keychain; undefined: ask. */
  known(): Promise<PasswordOffer | undefined>;
  /** The server accepted `offer`; saves it when the user asked. Resolves to a warning when saving failed. */
  accepted(offer: PasswordOffer, remember: boolean): Promise<string | undefined>;
  /** The server refused the password from `source`: it must not be tried again (a saved one is forgotten). */
  refused(source: PasswordSource): Promise<void>;
}

export interface SessionTiming {
  /** TCP (or TLS) connect. */
  connectMs: number;
  /** From connected to the server's ProtocolVersion. */
  greetingMs: number;
  /** Every later handshake step, with the server or with the page (not the user typing a password). */
  stepMs: number;
}

export const DEFAULT_TIMING: SessionTiming = { connectMs: 10_000, greetingMs: 5_000, stepMs: 10_000 };

/** Where the console is, found once the page already has its stream (the vendor may need a call to say). */
export interface SessionTarget {
  target: DialTarget;
  /** Names the console in messages, e.g. `web-01 (10.0.0.5:5901)`. */
  where: string;
  passwords: PasswordBook;
}

export interface SessionOptions {
  endpoint: StreamEndpoint;
  /** Names the console in messages until `locate` has said where it is, e.g. `web-01`. */
  name: string;
  locate: () => Promise<SessionTarget>;
  timing?: SessionTiming;
  socketFactory?: SocketFactory;
  /** Input the VNC server has not read yet beyond which the console is ended rather than buffered without bound. */
  maxUnreadInputBytes?: number;
}

export interface OpenSession {
  /** Resolves when the session has ended, by either side. */
  ended: Promise<void>;
  close(error?: VantageError): void;
}

/**
 * What the server sent in one turn of the event loop goes to the page as one message (libuv reads at most 32 × 64 KiB
 * a turn): every message costs a hop through each process and thread on its way, which costs more than its bytes.
 * Splitting an 800×600 raw update (1.9 MB) into 256 KiB messages made the first frame slower (`npm run bench --
 * console`: 1.04–1.14× the direct bridge, against 0.92–1.05× as one message). The cap only bounds a copy; the page
 * cuts big messages up for noVNC itself (renderer/src/lib/vnc-channel.ts).
 */
const BATCH_BYTES = 4 * 1024 * 1024;

const serverGone = (where: string): VantageError =>
  new VantageError(
    'UNREACHABLE',
    `${where} closed the connection: the machine may have stopped, or its VNC server was restarted.`,
  );

/** Why a handshake read failed, as a person reads it. */
function handshakeFailure(where: string, error: unknown): unknown {
  if (!(error instanceof ReadFailure)) return error;
  if (error.reason === 'timeout')
    return new VantageError('TIMEOUT', `${where} stopped answering during the VNC handshake.`);
  if (error.reason === 'closed')
    return new VantageError('UNREACHABLE', `${where} closed the connection during the VNC handshake.`);
  return new VantageError('CANCELLED', 'The console was closed.');
}

/**
 * One console: main's TCP connection to the VNC server bridged to the page's stream. The page has its stream at
 * once; finding the endpoint, connecting, authenticating, the page's side of the handshake and then the byte relay
 * all happen behind it, the page's side and the server's side at the same time (neither needs the other until the
 * page is admitted), and any failure ends the stream with why.
 */
export function openSession(options: SessionOptions): OpenSession {
  const { endpoint } = options;
  const timing = options.timing ?? DEFAULT_TIMING;
  const maxUnread = options.maxUnreadInputBytes ?? 8 * 1024 * 1024;
  let where = options.name;
  let socket: Socket | undefined;

  const fromServer = new ByteReader();
  const fromPage = new ByteReader();
  const cancelled = new AbortController();
  let serverSink = (chunk: Uint8Array): void => fromServer.push(chunk);
  let pageSink = (chunk: Uint8Array): void => fromPage.push(chunk);
  let onAck = (_bytes: number): void => undefined;
  let answerCredentials: ((answer: { password: string; remember: boolean }) => void) | undefined;
  let relaying = false;
  let flushToPage = (): void => undefined;
  let finished = false;
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));

  const end = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    cancelled.abort();
    socket?.destroy();
    fromServer.end();
    endpoint.close(error === undefined ? undefined : toIpcError(error));
    markEnded();
  };

  endpoint.onMessage((chunk) => pageSink(chunk));
  endpoint.onControl((message) => {
    const parsed = ConsoleControlFromPageSchema.safeParse(message);
    if (!parsed.success) return;
    if (parsed.data.type === 'ack') onAck(parsed.data.bytes);
    else answerCredentials?.({ password: parsed.data.password, remember: parsed.data.remember });
  });
  endpoint.onClose(() => {
    fromPage.end();
    end();
  });

  /** Connects; what the server sends goes to the handshake, then to the page, and its hang-up ends the session. */
  const connect = async (target: DialTarget): Promise<Socket> => {
    const connected = await dial(target, timing.connectMs, options.socketFactory);
    if (finished) {
      connected.destroy();
      throw new VantageError('CANCELLED', 'The console was closed.');
    }
    connected.on('data', (chunk: Buffer) => serverSink(chunk));
    connected.on('close', () => {
      fromServer.end();
      if (!relaying) return;
      // The server's last words first (e.g. its final screen update), then why the stream ended.
      flushToPage();
      end(serverGone(where));
    });
    return connected;
  };

  /** The server wants a password: the vendor's or the saved one, else the user's, asked through the page. */
  let remember = false;
  let tried: PasswordOffer | undefined;
  const obtainPassword = (passwords: PasswordBook) => async (): Promise<PasswordOffer> => {
    tried = await passwords.known();
    if (tried) return tried;
    const answer = new Promise<{ password: string; remember: boolean }>((resolve, reject) => {
      answerCredentials = resolve;
      cancelled.signal.addEventListener('abort', () =>
        reject(new VantageError('CANCELLED', 'The console was closed.')),
      );
    });
    endpoint.sendControl({ type: 'credentials' } satisfies CredentialsRequest);
    const given = await answer;
    answerCredentials = undefined;
    if (!socket || socket.destroyed || fromServer.isEnded)
      throw new VantageError('TIMEOUT', `${where} stopped waiting for the password: connect again.`);
    remember = given.remember;
    tried = { password: given.password, source: 'user' };
    return tried;
  };

  const startRelay = (server: Socket): void => {
    let unacknowledged = 0;
    let paused = false;
    const batch = batcher((data) => {
      if (!finished) endpoint.send(data);
    }, BATCH_BYTES);
    flushToPage = batch.flush;
    const toPage = (chunk: Uint8Array): void => {
      batch.push(chunk);
      unacknowledged += chunk.byteLength;
      if (!paused && unacknowledged > CONSOLE_FLOW.pauseAboveBytes) {
        paused = true;
        server.pause();
      }
    };
    onAck = (bytes) => {
      unacknowledged = Math.max(0, unacknowledged - bytes);
      if (paused && unacknowledged <= CONSOLE_FLOW.pauseAboveBytes / 2) {
        paused = false;
        server.resume();
      }
    };
    const toServer = (chunk: Uint8Array): void => {
      server.write(chunk);
      if (server.writableLength > maxUnread)
        end(new VantageError('UPSTREAM', `${where} stopped reading keyboard and mouse input.`));
    };
    relaying = true;
    for (const chunk of fromServer.drain()) toPage(chunk);
    for (const chunk of fromPage.drain()) toServer(chunk);
    serverSink = toPage;
    pageSink = toServer;
    // The server may have hung up between its ServerInit and now.
    if (fromServer.isEnded) end(serverGone(where));
  };

  void (async () => {
    const page: PageIo = { reader: fromPage, send: (bytes) => endpoint.send(bytes) };
    offerNoAuthentication(page);
    const located = await options.locate();
    where = located.where;
    const { passwords } = located;
    const server = await connect(located.target);
    socket = server;
    const upstream: UpstreamIo = { reader: fromServer, write: (bytes) => server.write(bytes), where };
    const minor = await greet(upstream, timing.greetingMs);
    let offer: PasswordOffer | undefined;
    try {
      offer = await authenticate(upstream, minor, obtainPassword(passwords), timing.stepMs);
    } catch (error) {
      if (tried && error instanceof VantageError && error.code === 'AUTH_FAILED')
        await passwords.refused(tried.source).catch(() => undefined);
      throw error;
    }
    // Saving an accepted password (the keychain can be slow) does not hold the console up.
    if (offer)
      void passwords.accepted(offer, remember).then((warning) => {
        if (warning && !finished)
          endpoint.sendControl({ type: 'notice', message: warning } satisfies ConsoleNotice);
      });
    admitPage(page, await initialise(upstream, timing.stepMs));
    await readPageAnswers(page, timing.stepMs);
    startRelay(server);
  })().catch((error: unknown) => end(handshakeFailure(where, error)));

  return { ended, close: (error) => end(error) };
}
