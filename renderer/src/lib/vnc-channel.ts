import type { RfbChannel } from '@novnc/novnc';

import { CONSOLE_FLOW } from '../../../common/consoles';
import type { IpcError } from '../../../common/errors';
import { isStreamControl, isStreamEnd, streamEnd, type StreamControl } from '../../../common/ipc';

// WebSocket's numeric ready states, which noVNC reads from a channel.
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** RFB client messages that carry a key press: KeyEvent (4) and QEMU's extended key event (255, subtype 0). */
function isKeyPress(bytes: Uint8Array): boolean {
  if (bytes[0] === 4) return bytes[1] === 1;
  return bytes[0] === 255 && bytes[1] === 0 && bytes[3] === 1;
}

const isArrayBuffer = (value: unknown): value is ArrayBuffer =>
  Object.prototype.toString.call(value) === '[object ArrayBuffer]';

/**
 * noVNC grows its receive queue to 8× the message it is given (core/websock.js): main sends a whole burst as one
 * message (one hop instead of many, see main/services/consoles/session.ts), and the channel hands it to noVNC in
 * pieces of this size, in the same task, so that the queue stays at its initial 4 MiB.
 */
export const PIECE_BYTES = 256 * 1024;

/**
 * The bytes of a message as ArrayBuffers of their own, of at most `size` bytes each, or undefined when the message
 * carries no bytes. An ArrayBuffer, or a typed array that spans its buffer (Electron's main sends Uint8Arrays), goes
 * as it is when it is small enough; anything else is copied piece by piece. Checked by tag, not instanceof, which
 * fails across realms.
 */
export function piecesOf(data: unknown, size: number): ArrayBuffer[] | undefined {
  let bytes: Uint8Array;
  if (isArrayBuffer(data)) bytes = new Uint8Array(data);
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else return undefined;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.byteLength <= size && isArrayBuffer(bytes.buffer)) return [bytes.buffer];
  const pieces: ArrayBuffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) pieces.push(bytes.slice(at, at + size).buffer);
  return pieces;
}

export interface VncChannelHooks {
  /** A control message from main other than the end: a credentials request, a notice. */
  onControl?: (message: StreamControl) => void;
  /** The stream ended, from either side: main's reason, or undefined for a clean end. Called once. */
  onEnd?: (error: IpcError | undefined) => void;
  /** Milliseconds from a key press sent to the server's next bytes: what a person feels as echo latency. */
  onEcho?: (ms: number) => void;
  now?: () => number;
}

/**
 * What noVNC takes in place of a WebSocket, over a stream's MessagePort. noVNC checks its members among the
 * object's own keys and its direct prototype only (core/websock.js `attach`), so they are fields and methods of
 * this class itself, with no base class. The buffer noVNC passes to `send` is a view on its reused send queue: it
 * is copied before it leaves. main ends the stream with an explicit message (common/ipc.ts), since a port's
 * `close` event is not reliable everywhere; received bytes are acknowledged for main's flow control.
 *
 * It starts "connecting", like a WebSocket, so that noVNC can be set up while main opens the stream; `open(port)`
 * or `abort(error)` settles it.
 */
export class VncChannel implements RfbChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  readyState: number = CONNECTING;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  #port: MessagePort | undefined;
  readonly #hooks: VncChannelHooks;
  readonly #now: () => number;
  #unacknowledged = 0;
  #keySentAt: number | undefined;

  constructor(hooks: VncChannelHooks = {}) {
    this.#hooks = hooks;
    this.#now = hooks.now ?? (() => performance.now());
  }

  /** main opened the stream: bytes flow from now on. A channel already closed just closes the port. */
  open(port: MessagePort): void {
    if (this.readyState !== CONNECTING) {
      port.postMessage(streamEnd());
      port.close();
      return;
    }
    this.#port = port;
    port.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    port.addEventListener('close', () => this.#end(undefined));
    this.readyState = OPEN;
    this.onopen?.(new Event('open'));
  }

  /** The stream could not be opened: noVNC sees the connection close, the hooks get main's reason. */
  abort(error: IpcError): void {
    this.#end(error);
  }

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== OPEN || !this.#port) return;
    const view =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // A copy of its own, made now: noVNC reuses the buffer behind `data` as soon as this returns.
    const copy = view.slice();
    if (this.#keySentAt === undefined && isKeyPress(copy)) this.#keySentAt = this.#now();
    this.#port.postMessage(copy.buffer, [copy.buffer]);
  }

  close(): void {
    if (this.readyState === CLOSED) return;
    this.#port?.postMessage(streamEnd());
    this.#end(undefined);
  }

  /** Sends a control message to main (a password answer). */
  sendControl(message: StreamControl): void {
    if (this.readyState === OPEN) this.#port?.postMessage(message);
  }

  #receive(data: unknown): void {
    if (this.readyState !== OPEN) return;
    const pieces = piecesOf(data, PIECE_BYTES);
    if (pieces) {
      if (this.#keySentAt !== undefined) {
        this.#hooks.onEcho?.(this.#now() - this.#keySentAt);
        this.#keySentAt = undefined;
      }
      for (const piece of pieces) this.onmessage?.(new MessageEvent('message', { data: piece }));
      this.#acknowledge(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
    } else if (isStreamEnd(data)) this.#end(data.error);
    else if (isStreamControl(data)) this.#hooks.onControl?.(data);
  }

  #acknowledge(bytes: number): void {
    this.#unacknowledged += bytes;
    if (this.#unacknowledged < CONSOLE_FLOW.ackEveryBytes) return;
    this.#port?.postMessage({ type: 'ack', bytes: this.#unacknowledged });
    this.#unacknowledged = 0;
  }

  #end(error: IpcError | undefined): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#port?.close();
    this.#hooks.onEnd?.(error);
    // Like a WebSocket, the close event comes later: noVNC expects it after close() has returned.
    setTimeout(() =>
      this.onclose?.(
        new CloseEvent('close', {
          code: error ? 1011 : 1000,
          reason: error?.message ?? '',
          wasClean: !error,
        }),
      ),
    );
  }
}
