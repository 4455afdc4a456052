import { isStreamControl, isStreamEnd, streamEnd } from '../../common/ipc';
import {
  frame,
  HARNESS_PROTOCOL,
  tokenProtocol,
  unframe,
  type ClientMessage,
  type ServerMessage,
} from './protocol';
import type { PageToWorker, WorkerToPage } from './worker-protocol';

/**
 * The harness transport, in a dedicated worker: the one WebSocket to the harness, and the far ends of the streams'
 * ports. In Electron a stream's port is entangled with main's, so what the page posts leaves at once; a far end in
 * the page itself would wait for a task on the page's thread, behind its rendering, and add a frame of latency to
 * every round trip of a console. Here it is handled on this thread as soon as it arrives.
 */
const scope = self as unknown as {
  postMessage(message: WorkerToPage): void;
  onmessage: ((event: MessageEvent<PageToWorker>) => void) | null;
};

const LOST = { code: 'UNREACHABLE', message: 'The connection to the Vantage harness was lost.' } as const;

let socket: WebSocket | undefined;
let ready: Promise<void> = Promise.reject(new Error('not started'));
ready.catch(() => undefined);
const pendingRequests = new Set<number>();
/** Ports of streams being opened: bytes that arrive before the answer wait in the port, as in Electron. */
const ports = new Map<number, MessagePort>();

const toPage = (message: WorkerToPage): void => scope.postMessage(message);

// At once when the socket is open, so that control frames keep their place among a stream's binary frames.
const post = (message: ClientMessage): void => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  else
    void ready.then(
      () => socket?.send(JSON.stringify(message)),
      () => undefined,
    );
};

const request = (message: Extract<ClientMessage, { id: number }>): void => {
  pendingRequests.add(message.id);
  ready.then(
    () => socket?.send(JSON.stringify(message)),
    () => {
      pendingRequests.delete(message.id);
      toPage({
        t: 'res',
        id: message.id,
        envelope: {
          error: { code: 'UNREACHABLE', message: 'The Vantage harness is not reachable from this page.' },
        },
      });
    },
  );
};

// Like main's port endpoint: the end message first (MessagePort close events are not reliable), then the close.
const endPort = (sid: number, end: ReturnType<typeof streamEnd>): void => {
  const port = ports.get(sid);
  ports.delete(sid);
  port?.postMessage(end);
  port?.close();
};

/** Relays the page's side of an opened stream to the socket. */
function relay(sid: number, port: MessagePort): void {
  port.onmessage = (event: MessageEvent<unknown>) => {
    const { data } = event;
    if (data instanceof ArrayBuffer || data instanceof Uint8Array)
      socket?.send(frame(sid, data instanceof Uint8Array ? data : new Uint8Array(data)));
    else if (isStreamEnd(data)) {
      post({ t: 'close', sid });
      ports.delete(sid);
      port.close();
    } else if (isStreamControl(data)) post({ t: 'ctl', sid, message: data });
  };
  port.addEventListener('close', () => {
    if (ports.delete(sid)) post({ t: 'close', sid });
  });
}

function connect(url: string, token: string): void {
  // The token as a subprotocol, not in the URL (see protocol.ts).
  const ws = new WebSocket(url, [HARNESS_PROTOCOL, tokenProtocol(token)]);
  socket = ws;
  ws.binaryType = 'arraybuffer';
  ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('close', () => reject(new Error('the harness refused the connection')), {
      once: true,
    });
  });
  ready.catch(() => undefined);
  ws.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
    if (event.data instanceof ArrayBuffer) {
      const { sid, payload } = unframe(new Uint8Array(event.data));
      // The bytes after the header, with the whole buffer handed over (no copy here): the page copies what it
      // passes on to noVNC anyway.
      ports.get(sid)?.postMessage(payload, [event.data]);
      return;
    }
    const message = JSON.parse(event.data) as ServerMessage;
    if (message.t === 'res') {
      pendingRequests.delete(message.id);
      const port = ports.get(message.id);
      if (port) {
        if ('error' in message.envelope) ports.delete(message.id);
        else relay(message.id, port);
      }
      toPage(message);
    } else if (message.t === 'evt') toPage(message);
    else if (message.t === 'ctl') ports.get(message.sid)?.postMessage(message.message);
    else if (message.t === 'closed') endPort(message.sid, streamEnd(message.error));
    // A frame of ours the server could not read: a bug of this transport, worth seeing in the console.
    else console.warn(`Vantage harness: ${message.error.message}`);
  });
  ws.addEventListener('close', () => {
    for (const id of pendingRequests) toPage({ t: 'res', id, envelope: { error: LOST } });
    pendingRequests.clear();
    for (const sid of [...ports.keys()]) endPort(sid, streamEnd(LOST));
  });
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.t === 'init') connect(message.url, message.token);
  else if (message.t === 'req') request(message);
  else {
    // A stream's id is its request's id: one counter on the page side.
    ports.set(message.id, message.port);
    request({ t: 'open', id: message.id, sid: message.id, name: message.name, args: message.args });
  }
};
