import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as z from 'zod';

import {
  ConsoleSettingsSchema,
  DEFAULT_CONSOLE_SETTINGS,
  type ConsoleSettings,
} from '../../../common/consoles';
import { writeFileAtomic } from '../atomic-file';

const FILE = 'console-settings.json';
/** Machines remembered at most; the least recently used are dropped (a settings file must not grow forever). */
export const MAX_REMEMBERED = 2000;

const FileSchema = z.object({
  version: z.literal(1),
  /** In order of last change, oldest first. */
  machines: z.record(z.string(), ConsoleSettingsSchema),
});
type Entries = z.infer<typeof FileSchema>['machines'];

/**
 * The viewer settings of each machine's console (scaling, quality, compression, view-only), in the data
 * directory beside the profiles. Kept in main rather than the page's localStorage: it survives the harness's
 * changing origin, goes wherever the data directory goes, and is tested in plain Node like every other store.
 */
export function consoleSettingsStore(
  dataDirectory: string,
  limit = MAX_REMEMBERED,
  defaults: () => ConsoleSettings = () => DEFAULT_CONSOLE_SETTINGS,
) {
  const file = join(dataDirectory, FILE);
  let entries: Promise<Entries> | undefined;
  let writing = Promise.resolve();

  const load = (): Promise<Entries> =>
    (entries ??= readFile(file, 'utf8').then(
      (text) => {
        // A damaged file only costs remembered viewer settings: start over rather than refuse to open consoles.
        try {
          const parsed = FileSchema.safeParse(JSON.parse(text));
          return parsed.success ? parsed.data.machines : {};
        } catch {
          return {};
        }
      },
      () => ({}),
    ));

  const save = async (all: Entries): Promise<void> => {
    const text = JSON.stringify({ version: 1, machines: all });
    // One write at a time, in order: the last change wins on disk as it does in memory.
    writing = writing.catch(() => undefined).then(() => writeFileAtomic(file, text));
    await writing;
  };

  return {
    async get(machineId: string): Promise<ConsoleSettings> {
      return (await load())[machineId] ?? { ...defaults() };
    },
    async set(machineId: string, settings: ConsoleSettings): Promise<void> {
      const all = await load();
      // Re-inserted at the end: key order is recency (JSON keeps it), so the oldest are the first keys.
      delete all[machineId];
      all[machineId] = settings;
      const ids = Object.keys(all);
      for (const id of ids.slice(0, Math.max(0, ids.length - limit))) delete all[id];
      await save(all);
    },
    /** Forgets the settings of every machine of a profile (the profile is being removed). */
    async forgetProfile(profileId: string): Promise<void> {
      const all = await load();
      const ids = Object.keys(all).filter((id) => id.startsWith(`${profileId}/`));
      if (ids.length === 0) return;
      for (const id of ids) delete all[id];
      await save(all);
    },
  };
}
