import { VantageError } from '../../../common/errors';
import { ByteReader, ReadFailure } from './byte-reader';
import { dial, type SocketFactory } from './dial';
import { authenticate, greet, initialise } from './rfb-upstream';
import { DEFAULT_TIMING, type SessionTarget, type SessionTiming } from './session';

export interface FirstFrame {
  /** From the update request to the whole first frame. */
  ms: number;
  width: number;
  height: number;
  /** 3 bytes a pixel, rows top to bottom. */
  rgb: Uint8Array;
}

/** 32 bits a pixel, depth 24, little-endian true colour, red at 16, green at 8, blue at 0 (RFC 6143 §7.4). */
const PIXEL_FORMAT = Uint8Array.of(32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0);
/** Bigger than any real screen: a peer that says more is not speaking RFB. */
const MAX_PIXELS = 16384 * 16384;

const u16 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint16(at);
const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at);

function clientMessages(width: number, height: number): Uint8Array {
  const out = new Uint8Array(20 + 8 + 10);
  out.set([0, 0, 0, 0, ...PIXEL_FORMAT], 0);
  // SetEncodings: Raw only, which every server speaks.
  out.set([2, 0, 0, 1, 0, 0, 0, 0], 20);
  const request = new DataView(out.buffer, 28);
  request.setUint8(0, 3); // FramebufferUpdateRequest, not incremental, the whole screen.
  request.setUint16(6, width);
  request.setUint16(8, height);
  return out;
}

/** Reads server messages up to and including the first FramebufferUpdate, painting its Raw rectangles. */
async function readFrame(
  reader: ByteReader,
  where: string,
  frame: { width: number; height: number; rgb: Uint8Array },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const read = (n: number) => reader.read(n, timeoutMs, signal);
  for (let type = (await read(1))[0]; type !== 0; type = (await read(1))[0]) {
    if (type === 1) {
      // SetColourMapEntries: meaningless for true colour, skipped.
      const head = await read(5);
      await read(u16(head, 3) * 6);
    } else if (type === 3) {
      const head = await read(7);
      await read(Math.min(u32(head, 3), 1 << 20));
    } else if (type !== 2)
      throw new VantageError('UPSTREAM', `${where} sent an unknown RFB message (type ${type}).`);
  }
  const count = u16(await read(3), 1);
  for (let i = 0; i < count; i++) {
    const head = await read(12);
    const [x, y, w, h] = [u16(head, 0), u16(head, 2), u16(head, 4), u16(head, 6)];
    const encoding = new DataView(head.buffer, head.byteOffset).getInt32(8);
    if (encoding !== 0 || x + w > frame.width || y + h > frame.height)
      throw new VantageError(
        'UPSTREAM',
        `${where} sent an update Vantage did not ask for (encoding ${encoding}).`,
      );
    const pixels = await read(w * h * 4);
    for (let row = 0; row < h; row++)
      for (let col = 0; col < w; col++) {
        const from = (row * w + col) * 4;
        const to = ((y + row) * frame.width + x + col) * 3;
        // Little-endian BGRX on the wire for the format asked for.
        frame.rgb[to] = pixels[from + 2] ?? 0;
        frame.rgb[to + 1] = pixels[from + 1] ?? 0;
        frame.rgb[to + 2] = pixels[from] ?? 0;
      }
  }
}

/**
 * Connects to a console as a viewer of its own (shared, so people watching stay connected), authenticates with the
 * password Vantage already has (it cannot ask anyone: a DR test runs unattended), asks for one whole frame in Raw and
 * times it. Used for DR-test evidence.
 */
export async function probeFirstFrame(
  located: SessionTarget,
  signal: AbortSignal,
  options: { timing?: SessionTiming; socketFactory?: SocketFactory } = {},
): Promise<FirstFrame> {
  const timing = options.timing ?? DEFAULT_TIMING;
  const { where } = located;
  const socket = await dial(located.target, timing.connectMs, options.socketFactory);
  const reader = new ByteReader();
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('close', () => reader.end());
  const abort = (): void => void socket.destroy();
  signal.addEventListener('abort', abort, { once: true });
  const io = { reader, write: (bytes: Uint8Array) => void socket.write(bytes), where };
  try {
    const minor = await greet(io, timing.greetingMs);
    await authenticate(
      io,
      minor,
      async () => {
        const known = await located.passwords.known();
        if (!known)
          throw new VantageError(
            'AUTH_FAILED',
            `${where} asks for a VNC password and Vantage has none saved for it: no console frame could be taken.`,
          );
        return known;
      },
      timing.stepMs,
    );
    const init = await initialise(io, timing.stepMs);
    const width = u16(init, 0);
    const height = u16(init, 2);
    if (width * height > MAX_PIXELS || width * height === 0)
      throw new VantageError('UPSTREAM', `${where} announced a ${width}×${height} screen.`);
    const frame = { width, height, rgb: new Uint8Array(width * height * 3) };
    const asked = performance.now();
    io.write(clientMessages(width, height));
    await readFrame(reader, where, frame, timing.stepMs, signal);
    return { ms: Math.round(performance.now() - asked), ...frame };
  } catch (error) {
    if (signal.aborted) throw new VantageError('CANCELLED', 'The DR test was cancelled.');
    if (error instanceof ReadFailure)
      throw new VantageError(
        error.reason === 'timeout' ? 'TIMEOUT' : 'UNREACHABLE',
        `${where} sent no console frame: ${error.message}.`,
      );
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
    socket.destroy();
  }
}
