import { CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './font';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * A framebuffer of palette indices (one byte a pixel): the console uses a handful of colours, so encoding a
 * rectangle for any client pixel format is a table lookup per pixel.
 */
export class IndexedFramebuffer {
  readonly pixels: Uint8Array;
  readonly bounds: Rect;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height);
    this.bounds = { x: 0, y: 0, width, height };
  }

  fill(rect: Rect, colour: number): void {
    const area = intersect(rect, this.bounds);
    if (!area) return;
    for (let y = area.y; y < area.y + area.height; y++) {
      const row = y * this.width;
      this.pixels.fill(colour, row + area.x, row + area.x + area.width);
    }
  }

  /** Draws `text` (already printable) with its top-left corner at (x, y); the background is left as is. */
  drawText(text: string, x: number, y: number, scale: number, colour: number): void {
    for (let i = 0; i < text.length; i++) {
      const char = text.charAt(i);
      const left = x + i * CELL_WIDTH * scale;
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        for (let row = 0; row < GLYPH_HEIGHT; row++) {
          if (glyphPixel(char, column, row)) {
            this.fill({ x: left + column * scale, y: y + row * scale, width: scale, height: scale }, colour);
          }
        }
      }
    }
  }

  /** The pixels of `rect` in the client's format: `table` holds `bytesPerPixel` bytes per palette index. */
  encode(rect: Rect, table: Uint8Array, bytesPerPixel: 1 | 2 | 4): Buffer {
    const bytes = new Uint8Array(rect.width * rect.height * bytesPerPixel);
    // Whole pixels are copied as 8/16/32-bit lanes: same bytes in, same bytes out, whatever the host's order.
    const out = lanes(bytes, bytesPerPixel);
    const values = lanes(Uint8Array.from(table), bytesPerPixel);
    let o = 0;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      const start = y * this.width + rect.x;
      for (let i = start; i < start + rect.width; i++) out[o++] = values[this.pixels[i] ?? 0] ?? 0;
    }
    return Buffer.from(bytes.buffer, 0, bytes.length);
  }
}

function lanes(bytes: Uint8Array, bytesPerPixel: 1 | 2 | 4): Uint8Array | Uint16Array | Uint32Array {
  if (bytesPerPixel === 1) return bytes;
  const count = bytes.byteLength / bytesPerPixel;
  return bytesPerPixel === 2
    ? new Uint16Array(bytes.buffer, bytes.byteOffset, count)
    : new Uint32Array(bytes.buffer, bytes.byteOffset, count);
}
