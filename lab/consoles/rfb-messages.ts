import type { Rect } from './framebuffer';
import { decodePixelFormat, PIXEL_FORMAT_LENGTH, type PixelFormat } from './pixel-format';
import { ProtocolError, type ByteQueue } from './wire';

/** Client-to-server messages after initialisation (RFC 6143 §7.5). */
export type ClientMessage =
  | { type: 'set-pixel-format'; format: PixelFormat }
  | { type: 'set-encodings'; encodings: number[] }
  | { type: 'update-request'; incremental: boolean; rect: Rect }
  | { type: 'key'; down: boolean; keysym: number }
  | { type: 'pointer'; buttons: number; x: number; y: number }
  | { type: 'cut-text'; text: string };

/** Larger clipboard texts are treated as garbage rather than buffered. */
export const MAX_CUT_TEXT = 1 << 20;

const SET_PIXEL_FORMAT = 0;
const SET_ENCODINGS = 2;
const UPDATE_REQUEST = 3;
const KEY_EVENT = 4;
const POINTER_EVENT = 5;
const CLIENT_CUT_TEXT = 6;

/** Fixed lengths, type byte included; variable-length messages start with this header. */
const HEADER_LENGTH: Readonly<Record<number, number>> = {
  [SET_PIXEL_FORMAT]: 4 + PIXEL_FORMAT_LENGTH,
  [SET_ENCODINGS]: 4,
  [UPDATE_REQUEST]: 10,
  [KEY_EVENT]: 8,
  [POINTER_EVENT]: 6,
  [CLIENT_CUT_TEXT]: 8,
};

function bodyLength(type: number, header: Buffer): number {
  if (type === SET_ENCODINGS) return 4 * header.readUInt16BE(2);
  if (type === CLIENT_CUT_TEXT) {
    const length = header.readUInt32BE(4);
    // A negative S32 length is the Extended Clipboard format, which this server never offers.
    if (length > MAX_CUT_TEXT) throw new ProtocolError(`ClientCutText of ${length} bytes is too long`);
    return length;
  }
  return 0;
}

function parse(type: number, header: Buffer, body: Buffer): ClientMessage {
  switch (type) {
    case SET_PIXEL_FORMAT:
      return { type: 'set-pixel-format', format: decodePixelFormat(header, 4) };
    case SET_ENCODINGS:
      return {
        type: 'set-encodings',
        encodings: Array.from({ length: body.length / 4 }, (_, i) => body.readInt32BE(4 * i)),
      };
    case UPDATE_REQUEST:
      return {
        type: 'update-request',
        incremental: header.readUInt8(1) !== 0,
        rect: {
          x: header.readUInt16BE(2),
          y: header.readUInt16BE(4),
          width: header.readUInt16BE(6),
          height: header.readUInt16BE(8),
        },
      };
    case KEY_EVENT:
      return { type: 'key', down: header.readUInt8(1) !== 0, keysym: header.readUInt32BE(4) };
    case POINTER_EVENT:
      return {
        type: 'pointer',
        buttons: header.readUInt8(1),
        x: header.readUInt16BE(2),
        y: header.readUInt16BE(4),
      };
    default:
      return { type: 'cut-text', text: body.toString('latin1') };
  }
}

/** The next whole message, or undefined until it has fully arrived; throws ProtocolError on garbage. */
export function readClientMessage(queue: ByteQueue): ClientMessage | undefined {
  if (queue.length < 1) return undefined;
  const type = queue.peek(1).readUInt8(0);
  const headerLength = HEADER_LENGTH[type];
  if (headerLength === undefined) throw new ProtocolError(`unknown client message type ${type}`);
  if (queue.length < headerLength) return undefined;
  const length = headerLength + bodyLength(type, queue.peek(headerLength));
  if (queue.length < length) return undefined;
  const message = queue.take(length);
  return parse(type, message.subarray(0, headerLength), message.subarray(headerLength));
}
