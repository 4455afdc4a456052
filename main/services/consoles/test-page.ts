/* Test support (no tests here): a page at the other end of a console stream, and scripted stand-in servers. */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import type { IpcError } from '../../../common/errors';
import type { StreamControl } from '../../../common/ipc';
import type { StreamEndpoint } from '../../ipc/router';
import { ByteReader } from './byte-reader';

export interface TestPage {
  endpoint: StreamEndpoint;
  /** Bytes main sent to the page. */
  reader: ByteReader;
  controls: StreamControl[];
  /** Resolves with the end message's error (undefined for a clean end) when main ends the stream. */
  ended: Promise<IpcError | undefined>;
  send(bytes: Uint8Array | string): void;
  control(message: StreamControl): void;
  /** The page closes its end. */
  close(): void;
  /** Waits for a control message of this type. */
  waitFor(type: string, timeoutMs?: number): Promise<StreamControl>;
  /** Plays noVNC's side of the handshake main offers (3.8, no authentication) and ClientInit; returns the name. */
  handshake(): Promise<{ width: number; height: number; name: string }>;
}

export function testPage(): TestPage {
  const reader = new ByteReader();
  const controls: StreamControl[] = [];
  const toMain = new Set<(data: Uint8Array) => void>();
  const controlsToMain = new Set<(message: StreamControl) => void>();
  const closers = new Set<() => void>();
  let finished = false;
  let markEnded: (error: IpcError | undefined) => void = () => undefined;
  const ended = new Promise<IpcError | undefined>((resolve) => (markEnded = resolve));
  const waiters = new Set<() => void>();
  const finish = (error?: IpcError): void => {
    if (finished) return;
    finished = true;
    reader.end();
    markEnded(error);
    closers.forEach((listener) => listener());
  };

  const page: TestPage = {
    endpoint: {
      send: (data) => {
        if (!finished) reader.push(data.slice());
      },
      sendControl: (message) => {
        controls.push(message);
        waiters.forEach((wake) => wake());
      },
      onMessage: (listener) => toMain.add(listener),
      onControl: (listener) => controlsToMain.add(listener),
      onClose: (listener) => closers.add(listener),
      close: (error) => finish(error),
    },
    reader,
    controls,
    ended,
    send: (bytes) => {
      const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
      toMain.forEach((listener) => listener(data));
    },
    control: (message) => controlsToMain.forEach((listener) => listener(message)),
    close: () => finish(),
    waitFor: (type, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} control message`)), timeoutMs);
        const check = (): void => {
          const found = controls.find((c) => c.type === type);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    async handshake() {
      // As noVNC does it: one step at a time, each read waiting for what the server sent.
      const decoder = new TextDecoder();
      if (decoder.decode(await reader.read(12, 5000)) !== 'RFB 003.008\n') throw new Error('not 3.8');
      page.send('RFB 003.008\n');
      const types = await reader.read(2, 5000);
      if (types[0] !== 1 || types[1] !== 1) throw new Error(`security types ${types.join(',')}`);
      page.send(Uint8Array.of(1));
      const result = await reader.read(4, 5000);
      if (result.some((b) => b !== 0)) throw new Error('security result not ok');
      page.send(Uint8Array.of(1));
      const init = await reader.read(24, 5000);
      const view = new DataView(init.buffer);
      const name = decoder.decode(await reader.read(view.getUint32(20), 5000));
      return { width: view.getUint16(0), height: view.getUint16(2), name };
    },
  };
  return page;
}

/** A TCP server on loopback that runs `script` for each connection; `stop()` destroys everything. */
export async function scriptedServer(
  script: (socket: Socket) => void,
): Promise<{ port: number; sockets: Set<Socket>; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    script(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A 3.8 server without authentication, answering main one message at a time (its version, its security choice, its
 * ClientInit): `onClientInit` plays the rest, and `beforeResult` may hold the SecurityResult back.
 */
export function noAuthServer(
  onClientInit: (socket: Socket) => void,
  beforeResult: Promise<void> = Promise.resolve(),
): ReturnType<typeof scriptedServer> {
  return scriptedServer((socket) => {
    socket.write('RFB 003.008\n');
    let step = 0;
    socket.on('data', () => {
      step++;
      if (step === 1) socket.write(Uint8Array.of(1, 1));
      else if (step === 2) void beforeResult.then(() => socket.write(Uint8Array.of(0, 0, 0, 0)));
      else if (step === 3) onClientInit(socket);
    });
  });
}

/** A port that was free a moment ago (nothing listens on it). */
export async function deadPort(): Promise<number> {
  const probe = await scriptedServer(() => undefined);
  await probe.stop();
  return probe.port;
}
