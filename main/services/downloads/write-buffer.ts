import type { FileHandle } from 'node:fs/promises';

/** Pieces gathered before one write: a few syscalls per chunk instead of one per TLS record. */
export const WRITE_BUFFER = 1024 * 1024;

/**
 * One worker's pieces gathered into fixed buffers and written at their file position when one fills. Two buffers
 * take turns: while one is being written, the next pieces fill the other, so the connection keeps being read during
 * a write instead of stalling behind it. The memory is bounded (two buffers per chunk in flight, reused for every
 * chunk) and each piece is garbage as soon as it is copied. A piece that does not follow the previous one (a new
 * chunk, or a request tried again from its start) drops what was gathered and not yet written: `written` only ever
 * counts bytes on disk, in order.
 */
export function createWriteBuffer(file: FileHandle, size = WRITE_BUFFER) {
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  /** The write of each buffer under way, awaited before the buffer is filled again. */
  const writing: (Promise<void> | undefined)[] = [undefined, undefined];
  let current = 0;
  let base = 0;
  let filled = 0;
  let written = 0;
  /** Writes complete in any order; this chain moves `written` in file order. */
  let inOrder: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let onWritten: (() => void) | undefined;

  const settle = async (): Promise<void> => {
    await inOrder;
    if (failure !== undefined) throw failure;
  };

  /** Starts writing the current buffer and turns to the other one, once its own write is done. */
  const turn = async (): Promise<void> => {
    const index = current;
    const from = base;
    const length = filled;
    const job = file.write(buffers[index] as Buffer, 0, length, from).then(() => undefined);
    writing[index] = job;
    inOrder = inOrder
      .then(() => job)
      .then(
        () => {
          written = from + length;
          onWritten?.();
        },
        (error: unknown) => {
          failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    base += length;
    filled = 0;
    current = 1 - index;
    await writing[current];
    if (failure !== undefined) throw failure;
  };

  return {
    /** Copies `piece` (bound for file position `position`). */
    async add(piece: Buffer, position: number): Promise<void> {
      if (position !== base + filled) {
        await settle();
        base = position;
        filled = 0;
        written = position;
      }
      for (let from = 0; from < piece.length;) {
        const target = buffers[current] as Buffer;
        const copied = piece.copy(target, filled, from);
        filled += copied;
        from += copied;
        if (filled === size) await turn();
      }
    },
    /** Writes what is gathered and waits for every write under way. */
    async flush(): Promise<void> {
      if (filled > 0) await turn();
      await settle();
    },
    /** Waits for the writes under way, whatever their outcome (before the file is closed). */
    drain: (): Promise<void> => inOrder,
    /** Called each time `written` moves on (a buffer reached the disk). */
    set onWritten(listener: (() => void) | undefined) {
      onWritten = listener;
    },
    /** The file position up to which the gathered bytes are on disk. */
    get written(): number {
      return written;
    },
  };
}
export type WriteBuffer = ReturnType<typeof createWriteBuffer>;
