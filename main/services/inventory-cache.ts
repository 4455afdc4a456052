import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Machine } from '../../common/machines';
import { writeFileAtomic } from './atomic-file';

export interface CachedInventory {
  fetchedAt: string;
  machines: Machine[];
}

/**
 * The last complete inventory of each profile, on disk, so that Vantage opens offline with yesterday's machines,
 * marked with their age. One file per profile, written atomically after a complete refresh only.
 */
export function inventoryCache(dataDirectory: string) {
  const dir = join(dataDirectory, 'inventory-cache');
  const fileOf = (profileId: string) => join(dir, `${profileId.replace(/[^\w-]/g, '_')}.json`);
  return {
    async load(profileId: string): Promise<CachedInventory | undefined> {
      try {
        const parsed = JSON.parse(await readFile(fileOf(profileId), 'utf8')) as CachedInventory;
        return Array.isArray(parsed.machines) && typeof parsed.fetchedAt === 'string' ? parsed : undefined;
      } catch {
        return undefined; // none yet, or damaged: the next refresh writes a good one
      }
    },
    save: (profileId: string, cached: CachedInventory) =>
      writeFileAtomic(fileOf(profileId), JSON.stringify(cached)),
    remove: (profileId: string) => rm(fileOf(profileId), { force: true }),
  };
}
