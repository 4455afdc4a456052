import type { Envelope } from '../../common/errors';
import {
  isStreamControl,
  isStreamEnd,
  streamEnd,
  type Contract,
  type StreamPortMessage,
} from '../../common/ipc';
import { buildApi } from '../../preload/expose';
import { frame, HARNESS_PATH, unframe, type ClientMessage, type ServerMessage } from './protocol';

const TOKEN_KEY = 'vantage-harness-token';

/** The token arrives in the URL fragment once; it is kept for reloads of this tab only and removed from the URL. */
function takeToken(): string {
  const match = /token=([\w-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * Stands in for the Electron preload in a plain browser: the same `buildApi` over one WebSocket. Runs as a classic
 * script before the app's modules, so `window.vantage` exists when the app starts.
 */
export function installBridge(contract: Contract): void {
  const socket = new WebSocket(
    `ws://${window.location.host}${HARNESS_PATH}/ws?token=${encodeURIComponent(takeToken())}`,
  );
  socket.binaryType = 'arraybuffer';
  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => reject(new Error('the harness refused the connection')), {
      once: true,
    });
  });
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const ports = new Map<number, MessagePort>();
  let eventListener: (name: string, payload: unknown) => void = () => undefined;
  let nextId = 1;

  // At once when the socket is open, so that control frames keep their place among a stream's binary frames.
  const post = (message: ClientMessage): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else
      void ready.then(
        () => socket.send(JSON.stringify(message)),
        () => undefined,
      );
  };
  const send = async (message: Extract<ClientMessage, { id: number }>): Promise<Envelope<unknown>> => {
    const { id } = message;
    const answer = new Promise<Envelope<unknown>>((resolve) => pending.set(id, resolve));
    try {
      await ready;
    } catch {
      pending.delete(id);
      return {
        error: { code: 'UNREACHABLE', message: 'The Vantage harness is not reachable from this page.' },
      };
    }
    socket.send(JSON.stringify(message));
    return answer;
  };

  socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
    if (event.data instanceof ArrayBuffer) {
      const { sid, payload } = unframe(new Uint8Array(event.data));
      // Copy, then transfer: the receiving page owns its buffer.
      const copy = payload.slice();
      ports.get(sid)?.postMessage(copy.buffer, [copy.buffer]);
      return;
    }
    const message = JSON.parse(event.data) as ServerMessage;
    if (message.t === 'res') {
      pending.get(message.id)?.(message.envelope);
      pending.delete(message.id);
    } else if (message.t === 'evt') eventListener(message.name, message.payload);
    else if (message.t === 'ctl') ports.get(message.sid)?.postMessage(message.message);
    else if (message.t === 'closed') endPort(message.sid, streamEnd(message.error));
  });
  // Like main's port endpoint: the end message first (MessagePort close events are not reliable), then the close.
  const endPort = (sid: number, end: ReturnType<typeof streamEnd>): void => {
    const port = ports.get(sid);
    ports.delete(sid);
    port?.postMessage(end);
    port?.close();
  };
  socket.addEventListener('close', () => {
    for (const resolve of pending.values())
      resolve({ error: { code: 'UNREACHABLE', message: 'The connection to the Vantage harness was lost.' } });
    pending.clear();
    const lost = { code: 'UNREACHABLE', message: 'The connection to the Vantage harness was lost.' } as const;
    for (const sid of [...ports.keys()]) endPort(sid, streamEnd(lost));
  });

  const api = buildApi(contract, {
    invoke: (channel, args) => send({ t: 'req', id: nextId++, channel, args }),
    listen: (listener) => {
      eventListener = listener;
    },
    async openStream(name, args, nonce) {
      const sid = nextId++;
      const channel = new MessageChannel();
      ports.set(sid, channel.port1);
      const envelope = (await send({ t: 'open', id: sid, sid, name, args })) as Envelope<null>;
      if ('error' in envelope) {
        ports.delete(sid);
        return envelope;
      }
      channel.port1.onmessage = (event: MessageEvent<unknown>) => {
        const { data } = event;
        if (data instanceof ArrayBuffer || data instanceof Uint8Array)
          socket.send(frame(sid, data instanceof Uint8Array ? data : new Uint8Array(data)));
        else if (isStreamEnd(data)) {
          post({ t: 'close', sid });
          ports.delete(sid);
          channel.port1.close();
        } else if (isStreamControl(data)) post({ t: 'ctl', sid, message: data });
      };
      channel.port1.addEventListener('close', () => {
        if (ports.delete(sid)) post({ t: 'close', sid });
      });
      const message: StreamPortMessage = { vantageStream: nonce };
      window.postMessage(message, window.location.origin, [channel.port2]);
      return envelope;
    },
  });
  Object.defineProperty(window, 'vantage', {
    value: api,
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
