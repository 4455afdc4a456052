import type { IpcError } from '../../common/errors';
import { isStreamControl, isStreamEnd, streamEnd, type StreamControl } from '../../common/ipc';
import type { StreamEndpoint } from './router';

/** The little main needs of a message port; the Electron shell adapts its MessagePortMain to it. */
export interface PortLike {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  /** The other end went away (not reliable everywhere: the end message is what counts). */
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * Structured clone copies a typed array's whole backing buffer: a Node Buffer that is a slice of a pooled chunk would
 * drag the pool along, so such views are copied to a buffer of their own first.
 */
export function ownBuffer(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

/** A stream endpoint over a message port: bytes as typed arrays, control messages as objects, an explicit end. */
export function portEndpoint(port: PortLike): StreamEndpoint {
  const bytes = new Set<(data: Uint8Array) => void>();
  const controls = new Set<(message: StreamControl) => void>();
  const closers = new Set<() => void>();
  let ended = false;

  const finish = (error?: IpcError, tellPage = true): void => {
    if (ended) return;
    ended = true;
    if (tellPage) port.postMessage(streamEnd(error));
    port.close();
    for (const listener of closers) listener();
  };

  port.onMessage((data) => {
    if (ended) return;
    if (data instanceof Uint8Array) bytes.forEach((listener) => listener(data));
    else if (data instanceof ArrayBuffer) bytes.forEach((listener) => listener(new Uint8Array(data)));
    else if (isStreamEnd(data)) finish(undefined, false);
    else if (isStreamControl(data)) controls.forEach((listener) => listener(data));
  });
  port.onClose(() => finish(undefined, false));

  return {
    send: (data) => {
      if (!ended) port.postMessage(ownBuffer(data));
    },
    sendControl: (message) => {
      if (!ended) port.postMessage(message);
    },
    onMessage: (listener) => bytes.add(listener),
    onControl: (listener) => controls.add(listener),
    onClose: (listener) => closers.add(listener),
    close: (error) => finish(error),
  };
}
