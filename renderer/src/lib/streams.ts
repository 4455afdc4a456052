import type { VantageContract } from '../../../common/contract';
import type { StreamArgsOf, StreamPortMessage } from '../../../common/ipc';
import { api } from './api';

type StreamName = Extract<keyof VantageContract['streams'], string>;

/**
 * Opens a stream to main and returns its MessagePort (Electron: a MessageChannelMain port relayed by the preload;
 * harness: a port fed from a WebSocket sub-channel). The page picks the nonce, so it listens before asking.
 */
export function openStream<K extends StreamName>(
  name: K,
  args: StreamArgsOf<VantageContract['streams'][K]>,
  timeoutMs = 10_000,
): Promise<MessagePort> {
  const nonce = crypto.randomUUID();
  return new Promise<MessagePort>((resolve, reject: (reason: unknown) => void) => {
    const timer = setTimeout(
      () => finish(new Error(`stream ${String(name)} did not open within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (event: MessageEvent<Partial<StreamPortMessage>>): void => {
      if (event.source !== window || event.data?.vantageStream !== nonce || event.ports.length !== 1) return;
      finish(undefined, event.ports[0]);
    };
    function finish(error?: unknown, port?: MessagePort): void {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      if (port) resolve(port);
      // main's typed errors are plain objects (see preload/expose.ts); pass them on unchanged
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      else reject(error);
    }
    window.addEventListener('message', onMessage);
    api()
      .openStream(name, args, nonce)
      .catch((error: unknown) => finish(error));
  });
}
