import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

import { VantageError } from '../../../common/errors';

export interface DialTarget {
  host: string;
  port: number;
  /** The server wraps RFB in TLS (verified against the system's trust store). */
  tls?: boolean;
}

/** How sockets are made: node:net / node:tls, or a test's stand-in. */
export type SocketFactory = (target: DialTarget) => Socket;

export const defaultSocketFactory: SocketFactory = (target) =>
  target.tls
    ? connectTls({ host: target.host, port: target.port, servername: target.host })
    : connect({ host: target.host, port: target.port });

const address = (t: DialTarget): string =>
  t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;

/** A connection failure as a person reads it: what happened, and what it usually means. */
export function dialFailure(target: DialTarget, error: NodeJS.ErrnoException): VantageError {
  const at = address(target);
  const details = { code: error.code, address: at };
  switch (error.code) {
    case 'ECONNREFUSED':
      return new VantageError(
        'UNREACHABLE',
        `Nothing accepts connections at ${at} (connection refused): the console is off, or the port is wrong.`,
        details,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new VantageError(
        'UNREACHABLE',
        `The console host ${target.host} does not resolve (DNS).`,
        details,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new VantageError(
        'UNREACHABLE',
        `${at} cannot be reached from this computer (no route).`,
        details,
      );
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate/i.test(error.message))
        return new VantageError(
          'CERT_UNTRUSTED',
          `The console at ${at} has an untrusted certificate: ${error.message}`,
          details,
        );
      return new VantageError(
        'UNREACHABLE',
        `Cannot connect to the console at ${at}: ${error.message}`,
        details,
      );
  }
}

/**
 * Opens the TCP (or TLS) connection to a VNC server, with a deadline: a firewall that drops packets would otherwise
 * leave the user waiting for the OS timeout (minutes). No delay (keystrokes go out at once), keep-alive on (a
 * server that vanishes without a FIN is noticed).
 */
export function dial(
  target: DialTarget,
  timeoutMs: number,
  factory: SocketFactory = defaultSocketFactory,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = factory(target);
    const ready = target.tls ? 'secureConnect' : 'connect';
    const fail = (error: VantageError): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new VantageError(
            'TIMEOUT',
            `${address(target)} did not answer within ${timeoutMs / 1000} s: the machine is unreachable or a firewall drops the connection.`,
          ),
        ),
      timeoutMs,
    );
    const onError = (error: NodeJS.ErrnoException): void => fail(dialFailure(target, error));
    socket.once('error', onError);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      // Whoever uses the socket handles its errors through 'close'; this guard keeps a late one from crashing main.
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      resolve(socket);
    });
  });
}
