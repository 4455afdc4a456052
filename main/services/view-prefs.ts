import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as z from 'zod';

import { ViewPrefsSchema, type ViewPrefs } from '../../common/contract/view-prefs';
import { writeFileAtomic } from './atomic-file';

const FileSchema = z.object({ version: z.literal(1), views: z.record(z.string(), ViewPrefsSchema) });

/**
 * Column choices and widths per view (`view-prefs.json` in the data directory). In main, not localStorage, for
 * the reasons given for the console settings: the harness's origin changes, the data directory travels. A damaged
 * file only costs the remembered columns.
 */
export function viewPrefsStore(dataDirectory: string) {
  const file = join(dataDirectory, 'view-prefs.json');
  let views: Promise<Record<string, ViewPrefs>> | undefined;
  let queue = Promise.resolve();

  const read = async (): Promise<Record<string, ViewPrefs>> => {
    const text = await readFile(file, 'utf8').catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return {};
    }
    const checked = FileSchema.safeParse(parsed);
    return checked.success ? checked.data.views : {};
  };

  return {
    async get(view: string): Promise<ViewPrefs> {
      return (await (views ??= read()))[view] ?? {};
    },
    async set(view: string, prefs: ViewPrefs): Promise<void> {
      const all = await (views ??= read());
      all[view] = prefs;
      const text = JSON.stringify({ version: 1, views: all });
      // Written in order: the last choice wins on disk as in memory.
      queue = queue.catch(() => undefined).then(() => writeFileAtomic(file, text));
      await queue;
    },
  };
}
