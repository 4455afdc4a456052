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
}

/**
 * One JSON file per download in `<data>/downloads/`, replaced atomically after every chunk, so that a crash or a
 * `kill -9` loses at most the chunks in flight.
 */
export function createStateFiles(dataDirectory: string) {
  const folder = join(dataDirectory, 'downloads');
  const fileOf = (id: string): string => join(folder, `${id}.json`);
  return {
    /** `durable: false` for the saves of a download's progress (see `save` in `index.ts`). */
    save: (saved: SavedDownload, durable = true): Promise<void> =>
      writeFileAtomic(fileOf(saved.item.id), JSON.stringify(saved), { durable }),
    remove: (id: string): Promise<void> => rm(fileOf(id), { force: true }),
    /** Every readable state file; a damaged one is skipped (its download is lost, never the others). */
    async loadAll(): Promise<SavedDownload[]> {
      const names = await readdir(folder).catch(() => [] as string[]);
      const loaded: SavedDownload[] = [];
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        try {
          const saved = JSON.parse(await readFile(join(folder, name), 'utf8')) as SavedDownload;
          if (saved.item?.id && saved.plan?.chunkSize) loaded.push(saved);
        } catch {
          console.error(`downloads: skipping unreadable state file ${name}`);
        }
      }
      return loaded;
    },
  };
}
export type StateFiles = ReturnType<typeof createStateFiles>;
