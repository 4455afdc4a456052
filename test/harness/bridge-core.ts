import type { Envelope } from '../../common/errors';
import type { Contract, StreamPortMessage } from '../../common/ipc';
import { buildApi } from '../../preload/expose';
import { HARNESS_PATH } from './protocol';
import type { PageToWorker, WorkerToPage } from './worker-protocol';

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
 * Stands in for the Electron preload in a plain browser: the same `buildApi`, over the harness transport, which runs
 * in a worker (test/harness/transport-worker.ts) so that streams' far ends are off the page's thread, as in
 * Electron. Runs as a classic script before the app's modules, so `window.vantage` exists when the app starts.
 */
export function installBridge(contract: Contract): void {
  const worker = new Worker(`${HARNESS_PATH}/transport.js`);
  const send = (message: PageToWorker, transfer: Transferable[] = []): void =>
    worker.postMessage(message, transfer);
  send({ t: 'init', url: `ws://${window.location.host}${HARNESS_PATH}/ws`, token: takeToken() });
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let eventListener: (name: string, payload: unknown) => void = () => undefined;
  let nextId = 1;

  worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
    const message = event.data;
    if (message.t === 'res') {
      pending.get(message.id)?.(message.envelope);
      pending.delete(message.id);
    } else eventListener(message.name, message.payload);
  };
  const answer = (id: number): Promise<Envelope<unknown>> =>
    new Promise<Envelope<unknown>>((resolve) => pending.set(id, resolve));

  const api = buildApi(contract, {
    invoke: (channel, args) => {
      const id = nextId++;
      const answered = answer(id);
      send({ t: 'req', id, channel, args });
      return answered;
    },
    listen: (listener) => {
      eventListener = listener;
    },
    async openStream(name, args, nonce) {
      const id = nextId++;
      const channel = new MessageChannel();
      const answered = answer(id);
      send({ t: 'open', id, name, args, port: channel.port1 }, [channel.port1]);
      const envelope = (await answered) as Envelope<null>;
      if ('error' in envelope) return envelope;
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
