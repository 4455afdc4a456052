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
import { greetPage } from './rfb-downstream';
import {
  authenticate,
  greet,
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

export interface SessionOptions {
  endpoint: StreamEndpoint;
  target: DialTarget;
  /** Names the console in messages, e.g. `web-01 (10.0.0.5:5901)`. */
  where: string;
  passwords: PasswordBook;
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

/** Up to this much goes in one message: bigger ones would make the page wait for the last byte before drawing. */
const BATCH_BYTES = 256 * 1024;

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
 * One console: main's TCP connection to the VNC server bridged to the page's stream. Resolves once the server has
 * greeted as a VNC server (so "unreachable" and "not a VNC server" fail the open itself); authentication, the
 * page's handshake and the byte relay continue in the background, and any later failure ends the stream with why.
 */
export async function openSession(options: SessionOptions): Promise<OpenSession> {
  const { endpoint, where, passwords } = options;
  const timing = options.timing ?? DEFAULT_TIMING;
  const maxUnread = options.maxUnreadInputBytes ?? 8 * 1024 * 1024;
  const socket: Socket = await dial(options.target, timing.connectMs, options.socketFactory);

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
    socket.destroy();
    endpoint.close(error === undefined ? undefined : toIpcError(error));
    markEnded();
  };

  socket.on('data', (chunk: Buffer) => serverSink(chunk));
  socket.on('close', () => {
    fromServer.end();
    if (!relaying) return;
    // The server's last words first (e.g. its final screen update), then why the stream ended.
    flushToPage();
    end(serverGone(where));
  });
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

  const upstream: UpstreamIo = { reader: fromServer, write: (bytes) => socket.write(bytes), where };
  let minor: Awaited<ReturnType<typeof greet>>;
  try {
    minor = await greet(upstream, timing.greetingMs);
  } catch (error) {
    socket.destroy();
    throw error;
  }

  /** The server wants a password: the vendor's or the saved one, else the user's, asked through the page. */
  let remember = false;
  let tried: PasswordOffer | undefined;
  const obtainPassword = async (): Promise<PasswordOffer> => {
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
    if (socket.destroyed || fromServer.isEnded)
      throw new VantageError('TIMEOUT', `${where} stopped waiting for the password: connect again.`);
    remember = given.remember;
    tried = { password: given.password, source: 'user' };
    return tried;
  };

  const startRelay = (): void => {
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
        socket.pause();
      }
    };
    onAck = (bytes) => {
      unacknowledged = Math.max(0, unacknowledged - bytes);
      if (paused && unacknowledged <= CONSOLE_FLOW.pauseAboveBytes / 2) {
        paused = false;
        socket.resume();
      }
    };
    const toServer = (chunk: Uint8Array): void => {
      socket.write(chunk);
      if (socket.writableLength > maxUnread)
        end(new VantageError('UPSTREAM', `${where} stopped reading keyboard and mouse input.`));
    };
    relaying = true;
    for (const chunk of fromServer.drain()) toPage(chunk);
    for (const chunk of fromPage.drain()) toServer(chunk);
    serverSink = toPage;
    pageSink = toServer;
    // The server may have hung up between its SecurityResult and now.
    if (fromServer.isEnded) end(serverGone(where));
  };

  void (async () => {
    let offer: PasswordOffer | undefined;
    try {
      offer = await authenticate(upstream, minor, obtainPassword, timing.stepMs);
    } catch (error) {
      if (tried && error instanceof VantageError && error.code === 'AUTH_FAILED')
        await passwords.refused(tried.source).catch(() => undefined);
      throw error;
    }
    if (offer) {
      const warning = await passwords.accepted(offer, remember);
      if (warning) endpoint.sendControl({ type: 'notice', message: warning } satisfies ConsoleNotice);
    }
    await greetPage({ reader: fromPage, send: (bytes) => endpoint.send(bytes) }, timing.stepMs);
    startRelay();
  })().catch((error: unknown) => end(handshakeFailure(where, error)));

  return { ended, close: (error) => end(error) };
}
