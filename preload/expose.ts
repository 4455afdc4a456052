import type { Envelope, IpcError } from '../common/errors';
import { splitChannel, type Api, type Contract } from '../common/ipc';

/** How a page reaches main: Electron's ipcRenderer in the preload, or the harness WebSocket. */
export interface Transport {
  invoke(channel: string, args: unknown): Promise<Envelope<unknown>>;
  /** Delivers every event from main; the transport never hands the page anything but (name, payload). */
  listen(listener: (name: string, payload: unknown) => void): void;
  openStream(name: string, args: unknown, nonce: string): Promise<Envelope<null>>;
}

function refuse(error: IpcError): Promise<never> {
  // A plain object (not an Error) so that code, message and details survive the context bridge intact.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject({ name: 'VantageError', ...error });
}

function unwrap<T>(envelope: Envelope<T>): Promise<T> {
  return 'error' in envelope ? refuse(envelope.error) : Promise.resolve(envelope.result);
}

const deepFreeze = <T extends object>(value: T): T => {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
};

/**
 * Builds the one frozen `window.vantage` namespace from the contract: `'app.info'` becomes `vantage.app.info(args)`.
 * Only contract channels exist on it; events and streams are refused unless declared.
 */
export function buildApi<C extends Contract>(contract: C, transport: Transport): Api<C> {
  const api: Record<string, unknown> = {};
  for (const channel of Object.keys(contract.requests)) {
    const [namespace, method] = splitChannel(channel);
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (args?: unknown) => transport.invoke(channel, args).then(unwrap);
  }

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.listen((name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });
  api.on = (name: string, listener: (payload: unknown) => void): (() => void) => {
    if (!Object.hasOwn(contract.events, name)) throw new TypeError(`Unknown event "${name}"`);
    if (typeof listener !== 'function') throw new TypeError('A listener must be a function');
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    // Wrap, so that the same function subscribed twice gets two independent subscriptions.
    const wrapped = (payload: unknown): void => listener(payload);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  };
  api.openStream = (name: string, args: unknown, nonce: string): Promise<null> => {
    if (!Object.hasOwn(contract.streams, name))
      return refuse({ code: 'UNKNOWN_CHANNEL', message: `Unknown stream "${name}"` });
    return transport.openStream(name, args, nonce).then(unwrap);
  };
  return deepFreeze(api) as Api<C>;
}
