import * as z from 'zod';

import type { IpcError } from '../../common/errors';
import { STREAM_HEADER_BYTES, unframe } from './protocol';

const requestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const streamId = z.number().int().min(0).max(0xffff_ffff);

/**
 * The shape of a page's text frame (protocol.ts's ClientMessage). Only the envelope is checked here: a channel or stream name of the wrong type
 * goes on to the router, which answers it `UNKNOWN_CHANNEL` exactly as it does for Electron's transport.
 */
const ClientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: requestId, channel: z.unknown(), args: z.unknown().optional() }),
  z.object({
    t: z.literal('open'),
    id: requestId,
    sid: streamId,
    name: z.unknown(),
    args: z.unknown().optional(),
  }),
  z.object({ t: z.literal('ctl'), sid: streamId, message: z.unknown() }),
  z.object({ t: z.literal('close'), sid: streamId }),
]);

/** A page's message as the server reads it: channel, name and control message still of any type. */
export type ClientFrame = z.infer<typeof ClientMessageSchema>;

export type ReadFrame =
  | { kind: 'bytes'; sid: number; payload: Uint8Array }
  | { kind: 'message'; message: ClientFrame }
  /** Not a frame of the protocol: answered on `id` when the frame names a request, else with an error frame. */
  | { kind: 'refused'; id?: number; error: IpcError };

const refused = (message: string, id?: number): ReadFrame => ({
  kind: 'refused',
  ...(id === undefined ? {} : { id }),
  error: { code: 'INVALID_ARGUMENT', message: `Refused a harness frame: ${message}` },
});

/** The request id of a malformed frame, when it has a usable one, so that the page's pending call is answered. */
function idOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'id')) return undefined;
  const parsed = requestId.safeParse((value as { id: unknown }).id);
  return parsed.success ? parsed.data : undefined;
}

/** Reads one WebSocket message from the page: never throws, whatever the bytes. */
export function readClientFrame(data: Buffer, isBinary: boolean): ReadFrame {
  if (isBinary) {
    if (data.byteLength < STREAM_HEADER_BYTES)
      return refused(
        `a binary frame of ${data.byteLength} bytes has no ${STREAM_HEADER_BYTES}-byte stream id`,
      );
    return { kind: 'bytes', ...unframe(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) };
  }
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return refused('a text frame that is not JSON');
  }
  const parsed = ClientMessageSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.map(String).join('.') || 'frame';
    return refused(`not a message of the harness protocol (${where})`, idOf(value));
  }
  return { kind: 'message', message: parsed.data };
}
