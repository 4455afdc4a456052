import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/*
 * Deterministic file content: bytes are the AES-128-CTR keystream of a key derived from (seed, host, path), so any
 * byte range of any file is computed on demand (the counter block is offset / 16) and nothing is ever stored.
 * Downloads stream these bytes; tests and the app verify them with the digest helpers below.
 */

const CHUNK = 1024 * 1024;

export function contentKey(seed: number, scope: string, path: string): Buffer {
  return createHash('sha256').update(`vantage-lab/ibm-br/${seed}/${scope}/${path}`).digest().subarray(0, 16);
}

/** Read-only zeros: encrypting them yields the keystream, without a fresh zeroed buffer per piece. */
const ZEROS = Buffer.alloc(CHUNK);

/** The keyed stream over [from, to) in pieces of at most 1 MiB, from one cipher (CTR carries on between pieces). */
function* keystreamPieces(key: Buffer, from: number, to: number): Generator<Buffer> {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(Math.floor(from / 16)), 8);
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  cipher.update(ZEROS.subarray(0, from % 16));
  for (let at = from; at < to;) {
    const length = Math.min(CHUNK, to - at);
    yield cipher.update(ZEROS.subarray(0, length));
    at += length;
  }
}

/** `length` bytes of the keyed stream from `offset`. */
export function keystream(key: Buffer, offset: number, length: number): Buffer {
  return Buffer.concat([...keystreamPieces(key, offset, offset + length)]);
}

/** A downloadable body made of literal bytes (tar headers, padding) and keyed file contents. */
export type Part = { kind: 'bytes'; data: Buffer } | { kind: 'content'; key: Buffer; size: number };

export interface Layout {
  parts: { part: Part; start: number; size: number }[];
  size: number;
}

export function layoutOf(parts: readonly Part[]): Layout {
  let start = 0;
  const placed = parts.map((part) => {
    const size = part.kind === 'bytes' ? part.data.length : part.size;
    const entry = { part, start, size };
    start += size;
    return entry;
  });
  return { parts: placed, size: start };
}

export function fileLayout(key: Buffer, size: number): Layout {
  return layoutOf([{ kind: 'content', key, size }]);
}

/** Chunks (at most 1 MiB each) covering bytes [start, end) of a layout. */
export function* layoutChunks(layout: Layout, start: number, end: number): Generator<Buffer> {
  const stop = Math.min(end, layout.size);
  for (const { part, start: partStart, size } of layout.parts) {
    const partEnd = partStart + size;
    if (partEnd <= start || partStart >= stop) continue;
    const from = Math.max(start, partStart) - partStart;
    const to = Math.min(stop, partEnd) - partStart;
    if (part.kind === 'content') yield* keystreamPieces(part.key, from, to);
    else for (let at = from; at < to; at += CHUNK) yield part.data.subarray(at, Math.min(to, at + CHUNK));
  }
}

export function layoutStream(layout: Layout, start: number, end: number): Readable {
  return Readable.from(layoutChunks(layout, start, end), { objectMode: false });
}

export function layoutSha256(layout: Layout): string {
  const hash = createHash('sha256');
  for (const chunk of layoutChunks(layout, 0, layout.size)) hash.update(chunk);
  return hash.digest('hex');
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A POSIX ustar header; long names are split into prefix/name at a slash. */
export function tarHeader(path: string, size: number, mtimeSec: number): Buffer {
  const header = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', 155);
    prefix = path.slice(0, Math.max(cut, 0));
    name = path.slice(cut + 1);
  }
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(mtimeSec, 12), 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

export interface TarEntry {
  path: string;
  key: Buffer;
  size: number;
}

/** A tar archive of keyed files (what a multi-item download recovery serves). */
export function tarLayout(entries: readonly TarEntry[], mtimeSec: number): Layout {
  const parts: Part[] = [];
  for (const entry of entries) {
    parts.push({ kind: 'bytes', data: tarHeader(entry.path.replace(/^\/+/, ''), entry.size, mtimeSec) });
    parts.push({ kind: 'content', key: entry.key, size: entry.size });
    const pad = (512 - (entry.size % 512)) % 512;
    if (pad) parts.push({ kind: 'bytes', data: Buffer.alloc(pad) });
  }
  parts.push({ kind: 'bytes', data: Buffer.alloc(1024) });
  return layoutOf(parts);
}
