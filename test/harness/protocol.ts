import type { Envelope, IpcError } from '../../common/errors';
import type { StreamControl } from '../../common/ipc';

/**
 * Messages on the harness WebSocket. JSON text frames for requests, events and a stream's control messages and end;
 * binary frames carry stream bytes. One socket keeps them in order, as a MessagePort does in Electron.
 */
export type ClientMessage =
  | { t: 'req'; id: number; channel: string; args?: unknown }
  | { t: 'open'; id: number; sid: number; name: string; args?: unknown }
  | { t: 'ctl'; sid: number; message: StreamControl }
  | { t: 'close'; sid: number };

export type ServerMessage =
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  /** A frame that names no request to answer (not JSON, not an object, no id): why it was dropped. */
  | { t: 'error'; error: IpcError }
  | { t: 'evt'; name: string; payload: unknown }
  | { t: 'ctl'; sid: number; message: StreamControl }
  | { t: 'closed'; sid: number; error?: IpcError };

export const HARNESS_PATH = '/__harness';

/**
 * The page offers two WebSocket subprotocols: this one, which the server selects, and the per-run token as
 * `vantage-token.<token>`, which it only reads. The token so travels in a header of the upgrade, never in a URL:
 * URLs are what logs, proxies, history and devtools keep. (A base64url token is a valid subprotocol token.)
 */
export const HARNESS_PROTOCOL = 'vantage-harness';
const TOKEN_PROTOCOL = 'vantage-token.';

export const tokenProtocol = (token: string): string => `${TOKEN_PROTOCOL}${token}`;

/** The token among the offered subprotocols (the `Sec-WebSocket-Protocol` header), if any. */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  for (const offered of header?.split(',') ?? []) {
    const protocol = offered.trim();
    if (protocol.startsWith(TOKEN_PROTOCOL)) return protocol.slice(TOKEN_PROTOCOL.length);
  }
  return undefined;
}

/** Bytes of a binary frame before its payload: the stream id. */
export const STREAM_HEADER_BYTES = 4;

/** A binary message is a 4-byte big-endian stream id followed by the stream's bytes. */
export function streamHeader(sid: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, sid);
  return header;
}

/** The stream id and the bytes in one buffer (the page's side; the server sends them as two fragments instead). */
export function frame(sid: number, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 + data.byteLength);
  out.set(streamHeader(sid));
  out.set(data, 4);
  return out;
}

/** Only for frames of at least STREAM_HEADER_BYTES (the server checks first: a shorter frame is refused). */
export function unframe(data: Uint8Array): { sid: number; payload: Uint8Array } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { sid: view.getUint32(0), payload: data.subarray(4) };
}
