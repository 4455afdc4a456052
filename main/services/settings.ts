import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as z from 'zod';

import { VantageError } from '../../common/errors';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../common/settings';
import { writeFileAtomic } from './atomic-file';

const FILE = 'settings.json';
// Each setting is read on its own, so that one damaged or outdated value falls back alone.
const FileSchema = z.object({ version: z.literal(1), settings: z.record(z.string(), z.unknown()) });

function readable(raw: Record<string, unknown>): Settings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, field] of Object.entries(SettingsSchema.shape)) {
    const parsed = field.safeParse(raw[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as Settings;
}

/**
 * The user's settings (`settings.json` in the data directory, written atomically). A missing or damaged file means
 * the defaults; `onChange` hears every accepted change, so main can apply it (automatic refresh) and tell windows.
 */
export async function openSettings(dataDirectory: string, onChange: (settings: Settings) => void) {
  const file = join(dataDirectory, FILE);
  let current: Settings = await readFile(file, 'utf8').then(
    (text) => {
      try {
        const parsed = FileSchema.safeParse(JSON.parse(text));
        return parsed.success ? readable(parsed.data.settings) : { ...DEFAULT_SETTINGS };
      } catch {
        return { ...DEFAULT_SETTINGS };
      }
    },
    () => ({ ...DEFAULT_SETTINGS }),
  );
  let writing = Promise.resolve();

  return {
    get: (): Settings => current,
    async update(patch: SettingsPatch): Promise<Settings> {
      const next = SettingsSchema.safeParse({ ...current, ...patch });
      if (!next.success)
        throw new VantageError('INVALID_ARGUMENT', `Invalid setting: ${next.error.issues[0]?.message ?? ''}`);
      current = next.data;
      const text = JSON.stringify({ version: 1, settings: current }, null, 2);
      // One write at a time, in order: the last change wins on disk as it does in memory.
      writing = writing.catch(() => undefined).then(() => writeFileAtomic(file, text));
      await writing;
      onChange(current);
      return current;
    },
  };
}

export type SettingsService = Awaited<ReturnType<typeof openSettings>>;
