import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const READ = 1024 * 1024;

/**
 * The SHA-256 of a `.part` file computed while it downloads: whenever the chunks from the start are complete up to
 * a new point, the bytes up to it are read back (from the page cache) and hashed, so the hash is ready when the
 * last chunk lands instead of costing a full read at the end. After a restart it starts from byte 0 again (a hash's
 * state cannot be saved), catching up as fast as the disk reads.
 */
export function createRunningHash(file: FileHandle) {
  const hash = createHash('sha256');
  let hashed = 0;
  let target = 0;
  let work = Promise.resolve();
  const buffer = Buffer.allocUnsafe(READ);

  const catchUp = async (): Promise<void> => {
    while (hashed < target) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(READ, target - hashed), hashed);
      if (bytesRead === 0)
        throw new Error(`the partial file ends at ${hashed} bytes, ${target} were written`);
      hash.update(buffer.subarray(0, bytesRead));
      hashed += bytesRead;
    }
  };

  return {
    /** The bytes from 0 to `contiguous` are on disk: hash them in the background. */
    advance(contiguous: number): void {
      if (contiguous <= target) return;
      target = contiguous;
      work = work.then(catchUp);
    },
    /** The hex digest once everything up to `size` is hashed. */
    async digest(size: number): Promise<string> {
      this.advance(size);
      await work;
      return hash.digest('hex');
    },
    /** Lets a background read end before the file is closed. */
    settle: (): Promise<void> => work.catch(() => undefined),
  };
}
export type RunningHash = ReturnType<typeof createRunningHash>;
