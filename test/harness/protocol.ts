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
  | { t: 'evt'; name: string; payload: unknown }
  | { t: 'ctl'; sid: number; message: StreamControl }
  | { t: 'closed'; sid: number; error?: IpcError };

export const HARNESS_PATH = '/__harness';

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

export function unframe(data: Uint8Array): { sid: number; payload: Uint8Array } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { sid: view.getUint32(0), payload: data.subarray(4) };
}
