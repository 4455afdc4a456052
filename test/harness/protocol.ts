import type { Envelope } from '../../common/errors';

/** Messages on the harness WebSocket. JSON text frames for control; binary frames carry stream bytes. */
export type ClientMessage =
  | { t: 'req'; id: number; channel: string; args?: unknown }
  | { t: 'open'; id: number; sid: number; name: string; args?: unknown }
  | { t: 'close'; sid: number };

export type ServerMessage =
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  | { t: 'evt'; name: string; payload: unknown }
  | { t: 'closed'; sid: number };

export const HARNESS_PATH = '/__harness';

/** A binary frame is a 4-byte big-endian stream id followed by the stream's bytes. */
export function frame(sid: number, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 + data.byteLength);
  new DataView(out.buffer).setUint32(0, sid);
  out.set(data, 4);
  return out;
}

export function unframe(data: Uint8Array): { sid: number; payload: Uint8Array } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { sid: view.getUint32(0), payload: data.subarray(4) };
}
