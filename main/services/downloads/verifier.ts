import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

import { VantageError } from '../../../common/errors';
import { plural } from '../../../common/plural';

const BLOCK = 512;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

const damaged = (what: string): VantageError =>
  new VantageError('UPSTREAM', `The downloaded archive is damaged: ${what}.`);

const octal = (field: Buffer): number =>
  parseInt(field.toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);

/** Walks a POSIX tar: every header's checksum, every entry inside the file, the end-of-archive blocks. */
export async function checkTar(file: FileHandle, size: number): Promise<number> {
  let offset = 0;
  let entries = 0;
  while (offset + BLOCK <= size) {
    const header = await readAt(file, offset, BLOCK);
    if (header.every((byte) => byte === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
    if (sum !== octal(header.subarray(148, 156)))
      throw damaged(`the header at byte ${offset} has a wrong checksum`);
    const entrySize = octal(header.subarray(124, 136));
    offset += BLOCK + Math.ceil(entrySize / BLOCK) * BLOCK;
    if (offset > size) throw damaged(`its entry ${entries + 1} runs past the end of the file`);
    entries++;
  }
  throw damaged('it ends without the end-of-archive blocks');
}

/** Finds a zip's end-of-central-directory record and checks the directory it points to. */
export async function checkZip(file: FileHandle, size: number): Promise<number> {
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(file, size - tailLength, tailLength);
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0 || at + 22 > tail.length) throw damaged('its end-of-central-directory record is missing');
  const entries = tail.readUInt16LE(at + 10);
  const directoryOffset = tail.readUInt32LE(at + 16);
  if (entries === 0) return 0;
  const signature = await readAt(file, directoryOffset, 4);
  if (signature.readUInt32LE(0) !== 0x02014b50) throw damaged('its central directory is not where it says');
  return entries;
}

type ArchiveKind = 'tar' | 'zip' | undefined;

async function archiveKind(file: FileHandle, size: number): Promise<ArchiveKind> {
  const head = await readAt(file, 0, Math.min(size, BLOCK));
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length === BLOCK && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}

/**
 * What is checked at the end of a download: the size on disk against what was received, the SHA-256, and an archive
 * (tar or zip) walked as one. Throws when something does not hold.
 */
export async function verifyDownload(
  path: string,
  expectedSize: number,
  /** The hash computed while downloading, when there is one; else the file is read for it. */
  sha256?: string,
): Promise<{ sha256: string; verified: string }> {
  const { size } = await stat(path);
  if (size !== expectedSize)
    throw new VantageError('UPSTREAM', `The file on disk has ${size} bytes, ${expectedSize} were received.`);
  const file = await open(path, 'r');
  let archive = '';
  try {
    const kind = await archiveKind(file, size);
    if (kind) {
      const entries = kind === 'tar' ? await checkTar(file, size) : await checkZip(file, size);
      archive = `, a ${kind} archive of ${plural(entries, 'entry', 'entries')} checked`;
    }
  } finally {
    await file.close();
  }
  return {
    sha256: sha256 ?? (await sha256OfFile(path)),
    verified: `${size.toLocaleString('en')} bytes${archive}`,
  };
}
