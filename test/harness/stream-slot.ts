import type { IpcError } from '../../common/errors';
import { isStreamControl, type StreamControl } from '../../common/ipc';
import type { StreamEndpoint } from '../../main/ipc/router';

/** How a stream's traffic leaves the harness: binary frames, control frames, and the end frame. */
export interface SlotOutput {
  send(data: Uint8Array): void;
  sendControl(message: StreamControl): void;
  end(error?: IpcError): void;
}

export interface StreamSlot {
  endpoint: StreamEndpoint;
  /** Bytes the page sent on this stream. */
  deliver(data: Uint8Array): void;
  /** A control message the page sent (anything that is not an object with a `type` is dropped). */
  control(message: unknown): void;
  /** The page ended the stream, or its socket went away. */
  pageEnded(): void;
}

/** One stream of the harness WebSocket, with the end semantics of main's port endpoint (once, either side). */
export function streamSlot(output: SlotOutput): StreamSlot {
  const bytes = new Set<(data: Uint8Array) => void>();
  const controls = new Set<(message: StreamControl) => void>();
  const closers = new Set<() => void>();
  let ended = false;
  const finish = (tellPage: boolean, error?: IpcError): void => {
    if (ended) return;
    ended = true;
    if (tellPage) output.end(error);
    for (const listener of closers) listener();
  };
  return {
    endpoint: {
      send: (data) => {
        if (!ended) output.send(data);
      },
      sendControl: (message) => {
        if (!ended) output.sendControl(message);
      },
      onMessage: (listener) => bytes.add(listener),
      onControl: (listener) => controls.add(listener),
      onClose: (listener) => closers.add(listener),
      close: (error) => finish(true, error),
    },
    deliver: (data) => {
      if (!ended) bytes.forEach((listener) => listener(data));
    },
    control: (message) => {
      if (!ended && isStreamControl(message)) controls.forEach((listener) => listener(message));
    },
    pageEnded: () => finish(false),
  };
}
