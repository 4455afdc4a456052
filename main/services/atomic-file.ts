import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  mode?: number;
  /**
   * Flushed to the disk before the rename (the default), so that a power cut leaves one version or the other. Without
   * it the write is still whole-or-nothing for a crash of the process (the kernel keeps what was written), for a
   * file rewritten so often that a flush each time would stall its writer, and whose durable version is kept by
   * other means.
   */
  durable?: boolean;
}

/**
 * Writes a whole file or nothing: a temp file beside the target, flushed to disk, then renamed over it. A crash or a
 * full disk leaves the previous version intact.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  { mode = 0o600, durable = true }: AtomicWriteOptions = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Temporary files of an atomic write that never reached its rename (a crash, `kill -9`): ours (`<file>.<12 hex>.tmp`)
 * and conf's, through `atomically` (`<file>.tmp-<10 digits><6 hex>`). Nothing reads them; they only pile up.
 */
const STALE_TEMP = /^.+\.(?:[0-9a-f]{12}\.tmp|tmp-\d{10}[0-9a-f]{6})$/;

/**
 * Removes the temporary files interrupted atomic writes left in a directory and its sub-folders. Run at start,
 * before anything writes (one instance owns the data directory), so no write in progress is touched.
 */
export async function removeStaleTemporaryFiles(directory: string, depth = 2): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && depth > 0) removed.push(...(await removeStaleTemporaryFiles(path, depth - 1)));
    else if (entry.isFile() && STALE_TEMP.test(entry.name)) {
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
