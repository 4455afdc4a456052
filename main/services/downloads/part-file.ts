import { link, mkdir, open, rm, statfs, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

import { VantageError } from '../../../common/errors';
import { numberedName } from './safe-name';

const MAX_TRIES = 1000;

/** Tries "name", "name (1)"… in `folder` until `claim` succeeds; EEXIST means taken. Returns the name claimed. */
async function firstFree(
  folder: string,
  name: string,
  claim: (path: string) => Promise<void>,
): Promise<string> {
  for (let n = 0; n < MAX_TRIES; n++) {
    const candidate = numberedName(name, n);
    try {
      await claim(join(folder, candidate));
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new VantageError('CONFLICT', `${MAX_TRIES} files named like “${name}” already exist in ${folder}.`);
}

/** Creates `<name>.part` (or "<name> (1).part"…) in the folder, never reusing an existing file; returns its path. */
export async function createPart(folder: string, fileName: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const claimed = await firstFree(folder, `${fileName}.part`, async (path) => {
    await (await open(path, 'wx', 0o644)).close();
  });
  return join(folder, claimed);
}

/** The partial file opened for writes at offsets (created again, empty, if it vanished). */
export async function openPart(path: string): Promise<FileHandle> {
  return open(path, 'r+').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    return open(path, 'w+', 0o644);
  });
}

/**
 * The end of a download: the part becomes `fileName` (or "name (1).ext" when taken) in one step that never replaces an
 * existing file (a hard link fails on an existing name, unlike rename), then the part name goes. Returns the name.
 */
export async function finishPart(part: string, folder: string, fileName: string): Promise<string> {
  const name = await firstFree(folder, fileName, (path) => link(part, path));
  await rm(part, { force: true });
  return name;
}

/** Refuses to start when the folder's disk has less free space than the download is expected to take. */
export async function checkFreeSpace(folder: string, needed: number | undefined): Promise<void> {
  if (!needed) return;
  await mkdir(folder, { recursive: true });
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (free < needed)
    throw new VantageError(
      'CONFLICT',
      `Not enough free space in ${folder}: the download needs about ${Math.ceil(needed / 2 ** 20)} MiB, ${Math.floor(free / 2 ** 20)} MiB are free.`,
      { needed, free },
    );
}
