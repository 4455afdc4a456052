/**
 * A small RFB client for the tests only: handshake with VNC Authentication, Raw updates decoded into an RGB
 * framebuffer, key/pointer/clipboard messages. Every read has a timeout so a broken server fails a test
 * instead of hanging it.
 */
import { connect, type Socket } from 'node:net';

import { CELL_HEIGHT, CELL_WIDTH, glyphPixel } from './font';
import type { Rect } from './framebuffer';
import { decodePixelFormat, encodePixelFormat, type PixelFormat } from './pixel-format';
import { COLOUR, PALETTE, type TextLayout } from './screen';
import { vncAuthResponse } from './vnc-auth';
import { ByteQueue } from './wire';

const DEFAULT_TIMEOUT_MS = 5_000;

// The client decodes pixels with its own code (not the server's pixel-format helpers), so that a server-side
// mistake in byte order or channel packing shows up as wrong colours.
function pixelValue(format: PixelFormat, data: Buffer, offset: number): number {
  if (format.bitsPerPixel === 8) return data.readUInt8(offset);
  if (format.bitsPerPixel === 16)
    return format.bigEndian ? data.readUInt16BE(offset) : data.readUInt16LE(offset);
  return format.bigEndian ? data.readUInt32BE(offset) : data.readUInt32LE(offset);
}

function channelOf(value: number, max: number, shift: number): number {
  return Math.round((((value >>> shift) & max) * 255) / max);
}

function rgbOf(format: PixelFormat, value: number): number {
  return (
    (channelOf(value, format.redMax, format.redShift) << 16) |
    (channelOf(value, format.greenMax, format.greenShift) << 8) |
    channelOf(value, format.blueMax, format.blueShift)
  );
}

/** A palette colour as a client in `format` sees it: each channel rounded to the format's depth and back. */
export function seenColour(format: PixelFormat, paletteIndex: number): number {
  const rgb = PALETTE[paletteIndex] ?? 0;
  const quantise = (channel: number, max: number): number =>
    Math.round((Math.round((channel * max) / 255) * 255) / max);
  return (
    (quantise((rgb >> 16) & 0xff, format.redMax) << 16) |
    (quantise((rgb >> 8) & 0xff, format.greenMax) << 8) |
    quantise(rgb & 0xff, format.blueMax)
  );
}

/** The server said no, with its reason: `stage` tells where (security negotiation or the auth result). */
export class RfbRefused extends Error {
  override readonly name = 'RfbRefused';
  constructor(
    readonly stage: 'security' | 'auth',
    readonly reason: string,
  ) {
    super(`${stage} refused: ${reason}`);
  }
}

/** Sequential reads of exact byte counts from a socket. */
export class SocketReader {
  private readonly queue = new ByteQueue();
  private waiter: (() => void) | undefined;
  private ended = false;
  readonly closed: Promise<void>;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.waiter?.();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.waiter?.();
        resolve();
      }),
    );
  }

  static connect(host: string, port: number): Promise<SocketReader> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new SocketReader(socket));
      });
    });
  }

  get isClosed(): boolean {
    return this.ended;
  }

  async read(count: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
    await this.until(() => this.queue.length >= count || this.ended, timeoutMs, `${count} bytes`);
    if (this.queue.length < count) throw new Error(`connection closed while waiting for ${count} bytes`);
    return this.queue.take(count);
  }

  async readString(): Promise<string> {
    const length = (await this.read(4)).readUInt32BE(0);
    return (await this.read(length)).toString('utf8');
  }

  /** Everything the server sends until it closes the connection. */
  async rest(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
    await this.until(() => this.ended, timeoutMs, 'the connection to close');
    return this.queue.take(this.queue.length);
  }

  write(data: Buffer | string): void {
    this.socket.write(data);
  }

  close(): void {
    this.socket.destroy();
  }

  private until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiter = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
    });
  }
}

export interface TestClientOptions {
  host: string;
  port: number;
  password: string;
  /** The protocol version the client asks for (default 3.8). */
  version?: '3.3' | '3.7' | '3.8';
}

export interface UpdateRect extends Rect {
  encoding: number;
}

export class TestRfbClient {
  width = 0;
  height = 0;
  name = '';
  /** The server's version line, e.g. "RFB 003.008". */
  serverVersion = '';
  format: PixelFormat;
  /** 0xRRGGBB per pixel, as decoded from the updates received so far. */
  pixels = new Uint32Array(0);

  private constructor(readonly reader: SocketReader) {
    this.format = decodePixelFormat(Buffer.alloc(16));
  }

  /** Connects and runs the whole handshake; rejects with RfbRefused when the server refuses. */
  static async connect(options: TestClientOptions): Promise<TestRfbClient> {
    const client = new TestRfbClient(await SocketReader.connect(options.host, options.port));
    try {
      await client.handshake(options);
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  private async handshake(options: TestClientOptions): Promise<void> {
    const r = this.reader;
    this.serverVersion = (await r.read(12)).toString('latin1').trimEnd();
    const serverMinor = Number(/^RFB 003\.(\d{3})$/.exec(this.serverVersion)?.[1]);
    if (!(serverMinor >= 3)) throw new Error(`not an RFB server: ${JSON.stringify(this.serverVersion)}`);
    const wanted = Number((options.version ?? '3.8').slice(2));
    const minor = serverMinor < 7 ? 3 : Math.min(wanted, serverMinor >= 8 ? 8 : 7);
    r.write(`RFB 003.00${minor}\n`);

    if (minor === 3) {
      const type = (await r.read(4)).readUInt32BE(0);
      if (type === 0) throw new RfbRefused('security', await r.readString());
      if (type !== 2) throw new Error(`server chose security type ${type}`);
    } else {
      const count = (await r.read(1)).readUInt8(0);
      if (count === 0) throw new RfbRefused('security', await r.readString());
      const types = [...(await r.read(count))];
      if (!types.includes(2))
        throw new Error(`no VNC Authentication among security types ${types.join(',')}`);
      r.write(Buffer.from([2]));
    }
    const challenge = await r.read(16);
    r.write(vncAuthResponse(options.password, challenge));
    const result = (await r.read(4)).readUInt32BE(0);
    if (result !== 0)
      throw new RfbRefused('auth', minor === 8 ? await r.readString() : '(no reason before 3.8)');

    r.write(Buffer.from([1]));
    const init = await r.read(20);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    this.format = decodePixelFormat(init, 4);
    this.name = await r.readString();
    this.pixels = new Uint32Array(this.width * this.height);
  }

  setPixelFormat(format: PixelFormat): void {
    this.format = format;
    this.reader.write(Buffer.concat([Buffer.from([0, 0, 0, 0]), encodePixelFormat(format)]));
  }

  setEncodings(encodings: number[]): void {
    const message = Buffer.alloc(4 + 4 * encodings.length);
    message.writeUInt8(2, 0);
    message.writeUInt16BE(encodings.length, 2);
    encodings.forEach((encoding, i) => message.writeInt32BE(encoding, 4 + 4 * i));
    this.reader.write(message);
  }

  requestUpdate(
    incremental: boolean,
    rect: Rect = { x: 0, y: 0, width: this.width, height: this.height },
  ): void {
    const message = Buffer.alloc(10);
    message.writeUInt8(3, 0);
    message.writeUInt8(incremental ? 1 : 0, 1);
    message.writeUInt16BE(rect.x, 2);
    message.writeUInt16BE(rect.y, 4);
    message.writeUInt16BE(rect.width, 6);
    message.writeUInt16BE(rect.height, 8);
    this.reader.write(message);
  }

  /** Reads server messages until a FramebufferUpdate arrives, decodes it and returns its rectangles. */
  async readUpdate(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<UpdateRect[]> {
    const r = this.reader;
    for (;;) {
      const type = (await r.read(1, timeoutMs)).readUInt8(0);
      if (type === 2) continue; // Bell
      if (type === 3) {
        await r.read(3);
        await r.readString();
        continue;
      }
      if (type !== 0) throw new Error(`unexpected server message type ${type}`);
      const count = (await r.read(3)).readUInt16BE(1);
      const rects: UpdateRect[] = [];
      for (let i = 0; i < count; i++) rects.push(await this.readRect());
      return rects;
    }
  }

  /** Requests an update and waits for it. */
  async update(incremental: boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<UpdateRect[]> {
    this.requestUpdate(incremental);
    return this.readUpdate(timeoutMs);
  }

  private async readRect(): Promise<UpdateRect> {
    const header = await this.reader.read(12);
    const rect: UpdateRect = {
      x: header.readUInt16BE(0),
      y: header.readUInt16BE(2),
      width: header.readUInt16BE(4),
      height: header.readUInt16BE(6),
      encoding: header.readInt32BE(8),
    };
    if (rect.encoding !== 0) throw new Error(`unexpected encoding ${rect.encoding}`);
    const bytes = this.format.bitsPerPixel / 8;
    const data = await this.reader.read(rect.width * rect.height * bytes);
    let offset = 0;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        this.pixels[y * this.width + x] = rgbOf(this.format, pixelValue(this.format, data, offset));
        offset += bytes;
      }
    }
    return rect;
  }

  pixel(x: number, y: number): number {
    return this.pixels[y * this.width + x] ?? -1;
  }

  key(keysym: number, down: boolean): void {
    const message = Buffer.alloc(8);
    message.writeUInt8(4, 0);
    message.writeUInt8(down ? 1 : 0, 1);
    message.writeUInt32BE(keysym, 4);
    this.reader.write(message);
  }

  /** Presses and releases each character (printable ASCII keysyms equal their codes). */
  type(text: string): void {
    for (const char of text) {
      this.key(char.charCodeAt(0), true);
      this.key(char.charCodeAt(0), false);
    }
  }

  pointer(x: number, y: number, buttons = 0): void {
    const message = Buffer.alloc(6);
    message.writeUInt8(5, 0);
    message.writeUInt8(buttons, 1);
    message.writeUInt16BE(x, 2);
    message.writeUInt16BE(y, 4);
    this.reader.write(message);
  }

  cutText(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    const header = Buffer.alloc(8);
    header.writeUInt8(6, 0);
    header.writeUInt32BE(bytes.length, 4);
    this.reader.write(Buffer.concat([header, bytes]));
  }

  close(): void {
    this.reader.close();
  }
}

/**
 * How many pixels of the text box differ from an independent rendering of `layout` with the font table:
 * glyph pixels in the layout's colour, the rest (spacing included) in the background colour.
 */
export function textMismatches(client: TestRfbClient, layout: TextLayout): number {
  const fg = seenColour(client.format, layout.colour);
  const bg = seenColour(client.format, COLOUR.background);
  let mismatches = 0;
  for (let i = 0; i < layout.text.length; i++) {
    for (let column = 0; column < CELL_WIDTH; column++) {
      for (let row = 0; row < CELL_HEIGHT; row++) {
        const expected = glyphPixel(layout.text.charAt(i), column, row) ? fg : bg;
        const left = layout.x + (i * CELL_WIDTH + column) * layout.scale;
        const top = layout.y + row * layout.scale;
        for (let dy = 0; dy < layout.scale; dy++) {
          for (let dx = 0; dx < layout.scale; dx++) {
            if (client.pixel(left + dx, top + dy) !== expected) mismatches++;
          }
        }
      }
    }
  }
  return mismatches;
}
