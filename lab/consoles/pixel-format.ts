/** RFB PIXEL_FORMAT (RFC 6143 §7.4): 16 bytes on the wire. */
export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

export const PIXEL_FORMAT_LENGTH = 16;

/** What the server announces in ServerInit: 32 bpp, depth 24, little endian, 0x00RRGGBB. */
export const SERVER_PIXEL_FORMAT: Readonly<PixelFormat> = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function encodePixelFormat(format: PixelFormat): Buffer {
  const out = Buffer.alloc(PIXEL_FORMAT_LENGTH);
  out.writeUInt8(format.bitsPerPixel, 0);
  out.writeUInt8(format.depth, 1);
  out.writeUInt8(format.bigEndian ? 1 : 0, 2);
  out.writeUInt8(format.trueColour ? 1 : 0, 3);
  out.writeUInt16BE(format.redMax, 4);
  out.writeUInt16BE(format.greenMax, 6);
  out.writeUInt16BE(format.blueMax, 8);
  out.writeUInt8(format.redShift, 10);
  out.writeUInt8(format.greenShift, 11);
  out.writeUInt8(format.blueShift, 12);
  return out;
}

export function decodePixelFormat(data: Buffer, offset = 0): PixelFormat {
  return {
    bitsPerPixel: data.readUInt8(offset),
    depth: data.readUInt8(offset + 1),
    bigEndian: data.readUInt8(offset + 2) !== 0,
    trueColour: data.readUInt8(offset + 3) !== 0,
    redMax: data.readUInt16BE(offset + 4),
    greenMax: data.readUInt16BE(offset + 6),
    blueMax: data.readUInt16BE(offset + 8),
    redShift: data.readUInt8(offset + 10),
    greenShift: data.readUInt8(offset + 11),
    blueShift: data.readUInt8(offset + 12),
  };
}

/** Why the server cannot honour `format`, or undefined when it can. */
export function pixelFormatProblem(format: PixelFormat): string | undefined {
  if (![8, 16, 32].includes(format.bitsPerPixel)) return `unsupported bits-per-pixel ${format.bitsPerPixel}`;
  if (!format.trueColour) return 'colour-map pixel formats are not supported';
  const channels: [string, number, number][] = [
    ['red', format.redMax, format.redShift],
    ['green', format.greenMax, format.greenShift],
    ['blue', format.blueMax, format.blueShift],
  ];
  for (const [name, max, shift] of channels) {
    // A channel maximum is 2^n - 1 and must fit in the pixel at its shift.
    if (max === 0 || (max & (max + 1)) !== 0) return `${name}-max ${max} is not 2^n - 1`;
    if (shift + Math.log2(max + 1) > format.bitsPerPixel) return `${name} channel does not fit in the pixel`;
  }
  return undefined;
}

/** Bytes a pixel takes on the wire, for a format that passed pixelFormatProblem(). */
export function bytesPerPixel(format: PixelFormat): 1 | 2 | 4 {
  if (format.bitsPerPixel === 8) return 1;
  return format.bitsPerPixel === 16 ? 2 : 4;
}

function scaleChannel(value: number, fromMax: number, toMax: number): number {
  return Math.round((value * toMax) / fromMax);
}

/** The pixel value for a 0xRRGGBB colour. */
export function packColour(format: PixelFormat, rgb: number): number {
  const red = scaleChannel((rgb >> 16) & 0xff, 255, format.redMax);
  const green = scaleChannel((rgb >> 8) & 0xff, 255, format.greenMax);
  const blue = scaleChannel(rgb & 0xff, 255, format.blueMax);
  return ((red << format.redShift) | (green << format.greenShift) | (blue << format.blueShift)) >>> 0;
}

export function writePixel(format: PixelFormat, value: number, out: Uint8Array, offset: number): void {
  const bytes = bytesPerPixel(format);
  for (let i = 0; i < bytes; i++) {
    const shift = 8 * (format.bigEndian ? bytes - 1 - i : i);
    out[offset + i] = (value >>> shift) & 0xff;
  }
}

/** Every palette colour encoded in `format`, `bitsPerPixel / 8` bytes each: a lookup table for encoding. */
export function colourTable(format: PixelFormat, palette: readonly number[]): Uint8Array {
  const bytes = bytesPerPixel(format);
  const table = new Uint8Array(palette.length * bytes);
  palette.forEach((rgb, index) => writePixel(format, packColour(format, rgb), table, index * bytes));
  return table;
}
