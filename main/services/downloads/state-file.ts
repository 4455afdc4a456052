import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { DownloadItem } from '../../../common/contract/downloads';
import { writeFileAtomic } from '../atomic-file';
import type { Plan } from './planner';

/** What survives a restart of one download: what the view shows, the plan, and where its partial file is. */
export interface SavedDownload {
  item: DownloadItem;
  plan: Plan;
  /** The `.part` file, once created. */
  part?: string;
  /** The boot of the machine it was saved in (`boot.ts`). */
  boot?: string;
  /** Counts the download's saves: of its two files, the higher is the newer. */
  seq?: number;
}

const STATE = '.json';
const PROGRESS = '.progress.json';

const readSaved = async (path: string): Promise<SavedDownload | undefined> => {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as SavedDownload;
    return saved.item?.id && saved.plan?.chunkSize ? saved : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Two JSON files per download in `<data>/downloads/`, each replaced atomically. `<id>.json` takes the saves a power
 * cut must not lose, flushed to the disk; `<id>.progress.json` the progress after every chunk, not flushed (a kill
 * keeps it: the kernel has it). A power cut can leave the progress file old, empty or torn, never the other one: at
 * start the newer readable one of the two is taken.
 */
export function createStateFiles(dataDirectory: string) {
  const folder = join(dataDirectory, 'downloads');
  const fileOf = (id: string, suffix: string): string => join(folder, `${id}${suffix}`);
  return {
    save: (saved: SavedDownload, durable = true): Promise<void> =>
      writeFileAtomic(fileOf(saved.item.id, durable ? STATE : PROGRESS), JSON.stringify(saved), { durable }),
    remove: async (id: string): Promise<void> => {
      await rm(fileOf(id, PROGRESS), { force: true });
      await rm(fileOf(id, STATE), { force: true });
    },
    /** Every download with a readable file; one whose files are both damaged is skipped, never the others. */
    async loadAll(): Promise<SavedDownload[]> {
      const names = await readdir(folder).catch(() => [] as string[]);
      const ids = new Set(
        names.flatMap((name) => {
          if (name.endsWith(PROGRESS)) return [name.slice(0, -PROGRESS.length)];
          return name.endsWith(STATE) ? [name.slice(0, -STATE.length)] : [];
        }),
      );
      const loaded: SavedDownload[] = [];
      for (const id of ids) {
        const [state, progress] = await Promise.all([
          readSaved(fileOf(id, STATE)),
          readSaved(fileOf(id, PROGRESS)),
        ]);
        const newer = progress && (!state || (progress.seq ?? 0) > (state.seq ?? 0)) ? progress : state;
        if (newer) loaded.push(newer);
        else console.error(`downloads: skipping the unreadable state of download ${id}`);
      }
      return loaded;
    },
  };
}
export type StateFiles = ReturnType<typeof createStateFiles>;
