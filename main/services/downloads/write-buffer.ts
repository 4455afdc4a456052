import type { FileHandle } from 'node:fs/promises';

/** Pieces gathered before one write: a few syscalls per chunk instead of one per TLS record. */
export const WRITE_BUFFER = 1024 * 1024;

/**
 * One worker's pieces gathered into a fixed buffer and written at their file position when it fills: the memory is
 * bounded (one buffer per chunk in flight, reused for every chunk) and each piece is garbage as soon as it is copied.
 * A piece that does not follow the previous one (a new chunk, or a request tried again from its start) drops what was
 * gathered and not yet written: `written` only ever counts bytes on disk.
 */
export function createWriteBuffer(file: FileHandle, size = WRITE_BUFFER) {
  const buffer = Buffer.allocUnsafe(size);
  let base = 0;
  let filled = 0;

  const flush = async (): Promise<void> => {
    if (filled === 0) return;
    await file.write(buffer, 0, filled, base);
    base += filled;
    filled = 0;
  };

  return {
    /** Copies `piece` (bound for file position `position`); resolves true when that wrote the buffer out. */
    async add(piece: Buffer, position: number): Promise<boolean> {
      if (position !== base + filled) {
        base = position;
        filled = 0;
      }
      let wrote = false;
      for (let from = 0; from < piece.length;) {
        const copied = piece.copy(buffer, filled, from);
        filled += copied;
        from += copied;
        if (filled === size) {
          await flush();
          wrote = true;
        }
      }
      return wrote;
    },
    /** Writes what is gathered. */
    flush,
    /** The file position up to which the gathered bytes are on disk. */
    get written(): number {
      return base;
    },
  };
}
export type WriteBuffer = ReturnType<typeof createWriteBuffer>;
