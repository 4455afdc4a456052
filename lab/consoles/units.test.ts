import { describe, expect, it } from 'vitest';

import { createAuthBlacklist } from './blacklist';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel, printable, textWidth } from './font';
import { parseVncTarget } from './forward';
import { IndexedFramebuffer } from './framebuffer';
import {
  colourTable,
  decodePixelFormat,
  encodePixelFormat,
  packColour,
  pixelFormatProblem,
  SERVER_PIXEL_FORMAT,
  type PixelFormat,
} from './pixel-format';
import { MAX_CUT_TEXT, readClientMessage } from './rfb-messages';
import { labelLayout, SCREEN_WIDTH } from './screen';
import { vncAuthResponse, vncPasswordFile } from './vnc-auth';
import { ByteQueue, ProtocolError } from './wire';

const RGB565_BE: PixelFormat = {
  ...SERVER_PIXEL_FORMAT,
  bitsPerPixel: 16,
  depth: 16,
  bigEndian: true,
  redMax: 31,
  greenMax: 63,
  blueMax: 31,
  redShift: 11,
  greenShift: 5,
  blueShift: 0,
};

function glyphBits(char: string): string {
  let bits = '';
  for (let column = 0; column < GLYPH_WIDTH + 1; column++) {
    for (let row = 0; row < GLYPH_HEIGHT + 1; row++) bits += glyphPixel(char, column, row) ? '1' : '0';
  }
  return bits;
}

describe('font', () => {
  it('has a distinct, non-empty 5x7 glyph for every printable ASCII character but space', () => {
    const chars = Array.from({ length: 126 - 33 + 1 }, (_, i) => String.fromCharCode(33 + i));
    const shapes = chars.map(glyphBits);
    expect(shapes.every((bits) => bits.includes('1'))).toBe(true);
    expect(new Set(shapes).size).toBe(chars.length);
    expect(glyphBits(' ')).not.toContain('1');
  });

  it('draws known shapes: "I" is a bar with serifs, "-" a single row', () => {
    const columnOf = (char: string, column: number): string =>
      Array.from({ length: GLYPH_HEIGHT }, (_, row) => (glyphPixel(char, column, row) ? '#' : '.')).join('');
    expect(columnOf('I', 2)).toBe('#######');
    expect(columnOf('I', 1)).toBe('#.....#');
    expect(columnOf('-', 0)).toBe('...#...');
  });

  it('shows anything outside printable ASCII as "?" and measures text without trailing spacing', () => {
    expect(printable('é')).toBe('?');
    expect(printable('\n')).toBe('?');
    expect(printable('a')).toBe('a');
    expect(textWidth('ab', 3)).toBe(33);
    expect(textWidth('', 3)).toBe(0);
  });
});

describe('screen layout', () => {
  it('keeps long labels on screen, truncated with "..." at the smallest scale', () => {
    const short = labelLayout('db-01');
    expect(short.scale).toBe(6);
    const long = labelLayout('x'.repeat(200));
    expect(long.scale).toBe(2);
    expect(long.text.endsWith('...')).toBe(true);
    expect(long.x).toBeGreaterThanOrEqual(0);
    expect(long.x + textWidth(long.text, long.scale)).toBeLessThanOrEqual(SCREEN_WIDTH);
    expect(labelLayout('naïve').text).toBe('na?ve');
  });
});

describe('framebuffer', () => {
  it('encodes a rectangle through the colour table, row by row', () => {
    const fb = new IndexedFramebuffer(4, 3);
    fb.fill({ x: 1, y: 1, width: 2, height: 1 }, 1);
    const table = Uint8Array.from([0xaa, 0xbb, 0x11, 0x22]);
    expect([...fb.encode({ x: 0, y: 1, width: 4, height: 1 }, table, 2)]).toEqual([
      0xaa, 0xbb, 0x11, 0x22, 0x11, 0x22, 0xaa, 0xbb,
    ]);
    fb.fill({ x: -5, y: -5, width: 100, height: 100 }, 1);
    expect(fb.pixels.every((p) => p === 1)).toBe(true);
  });
});

describe('pixel formats', () => {
  it('packs colours into the client format (RGB565, 32 bpp both byte orders)', () => {
    expect(packColour(RGB565_BE, 0xffffff)).toBe(0xffff);
    expect(packColour(RGB565_BE, 0x1e3a5f)).toBe(0x21cc);
    expect([...colourTable(RGB565_BE, [0x1e3a5f])]).toEqual([0x21, 0xcc]);
    expect([...colourTable(SERVER_PIXEL_FORMAT, [0x123456])]).toEqual([0x56, 0x34, 0x12, 0x00]);
    const bigEndianRgbx = {
      ...SERVER_PIXEL_FORMAT,
      bigEndian: true,
      redShift: 24,
      greenShift: 16,
      blueShift: 8,
    };
    expect([...colourTable(bigEndianRgbx, [0x123456])]).toEqual([0x12, 0x34, 0x56, 0x00]);
  });

  it('round-trips PIXEL_FORMAT on the wire and refuses what it cannot honour', () => {
    expect(decodePixelFormat(encodePixelFormat(RGB565_BE))).toEqual(RGB565_BE);
    expect(pixelFormatProblem(SERVER_PIXEL_FORMAT)).toBeUndefined();
    expect(pixelFormatProblem(RGB565_BE)).toBeUndefined();
    expect(pixelFormatProblem({ ...SERVER_PIXEL_FORMAT, bitsPerPixel: 24 })).toMatch(/bits-per-pixel/);
    expect(pixelFormatProblem({ ...SERVER_PIXEL_FORMAT, trueColour: false })).toMatch(/colour-map/);
    expect(pixelFormatProblem({ ...SERVER_PIXEL_FORMAT, redMax: 200 })).toMatch(/red-max/);
    expect(pixelFormatProblem({ ...RGB565_BE, redShift: 12 })).toMatch(/does not fit/);
  });
});

describe('VNC Authentication', () => {
  it('matches TigerVNC: `vncpasswd -f` output is DES under the fixed key with VNC bit order', () => {
    expect(vncPasswordFile('secret1').toString('hex')).toBe('b4ab9e8c4e005607');
    expect(vncPasswordFile('abcdefghij').toString('hex')).toBe('db8ab02565e3b4c2');
  });

  it('uses only the first 8 bytes of the password', () => {
    const challenge = Buffer.alloc(16, 7);
    expect(vncAuthResponse('abcdefgh-and-more', challenge)).toEqual(vncAuthResponse('abcdefgh', challenge));
    expect(vncAuthResponse('abcdefgX', challenge)).not.toEqual(vncAuthResponse('abcdefgh', challenge));
  });
});

describe('wrong-password blacklist', () => {
  it('blocks after 5 failures for 10 s, then allows one retry and doubles the block', () => {
    let now = 1_000_000;
    const blacklist = createAuthBlacklist(() => now);
    for (let i = 0; i < 4; i++) blacklist.recordFailure('10.0.0.1');
    expect(blacklist.isBlocked('10.0.0.1')).toBe(false);
    blacklist.recordFailure('10.0.0.1');
    expect(blacklist.isBlocked('10.0.0.1')).toBe(true);
    expect(blacklist.isBlocked('10.0.0.2')).toBe(false);
    now += 9_999;
    expect(blacklist.isBlocked('10.0.0.1')).toBe(true);
    now += 1;
    expect(blacklist.isBlocked('10.0.0.1')).toBe(false);
    blacklist.recordFailure('10.0.0.1');
    now += 19_999;
    expect(blacklist.isBlocked('10.0.0.1')).toBe(true);
    now += 1;
    expect(blacklist.isBlocked('10.0.0.1')).toBe(false);
    blacklist.recordSuccess('10.0.0.1');
    blacklist.recordFailure('10.0.0.1');
    expect(blacklist.isBlocked('10.0.0.1')).toBe(false);
  });
});

describe('client message parsing', () => {
  it('waits for whole messages split across chunks', () => {
    const queue = new ByteQueue();
    const request = Buffer.from([3, 1, 0, 10, 0, 20, 1, 0, 0, 50]);
    queue.push(request.subarray(0, 3));
    expect(readClientMessage(queue)).toBeUndefined();
    queue.push(request.subarray(3));
    queue.push(Buffer.from([2, 0, 0, 2, 0, 0, 0, 0]));
    expect(readClientMessage(queue)).toEqual({
      type: 'update-request',
      incremental: true,
      rect: { x: 10, y: 20, width: 256, height: 50 },
    });
    expect(readClientMessage(queue)).toBeUndefined();
    queue.push(Buffer.from([0xff, 0xff, 0xff, 0x11]));
    expect(readClientMessage(queue)).toEqual({ type: 'set-encodings', encodings: [0, -239] });
    expect(queue.length).toBe(0);
  });

  it('rejects unknown message types and oversized clipboard text', () => {
    const unknown = new ByteQueue();
    unknown.push(Buffer.from([7]));
    expect(() => readClientMessage(unknown)).toThrow(ProtocolError);
    const huge = new ByteQueue();
    const header = Buffer.alloc(8);
    header.writeUInt8(6, 0);
    header.writeUInt32BE(MAX_CUT_TEXT + 1, 4);
    huge.push(header);
    expect(() => readClientMessage(huge)).toThrow(/too long/);
  });
});

describe('VNC target', () => {
  it('parses host:port and [v6]:port, refuses anything else', () => {
    expect(parseVncTarget('127.0.0.1:5901')).toEqual({ host: '127.0.0.1', port: 5901 });
    expect(parseVncTarget('[::1]:5900')).toEqual({ host: '::1', port: 5900 });
    expect(parseVncTarget('vnc.example:5900')).toEqual({ host: 'vnc.example', port: 5900 });
    expect(() => parseVncTarget('localhost')).toThrow(/invalid VNC target/);
    expect(() => parseVncTarget('localhost:70000')).toThrow(/invalid VNC target/);
  });
});
