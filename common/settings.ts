import * as z from 'zod';

import { ConsoleSettingsSchema, DEFAULT_CONSOLE_SETTINGS } from './consoles';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** How Vantage behaves on this computer: kept by main in `settings.json` in the data directory. */
export const SettingsSchema = z
  .object({
    theme: z.enum(THEMES),
    /** Re-read the inventory in the background after opening when the cache is older than `refreshAgeMinutes`. */
    refreshOnOpen: z.boolean(),
    refreshAgeMinutes: z.number().int().min(1).max(10_080),
    /** Refresh every profile on this interval while Vantage runs; 0 is off. */
    autoRefreshMinutes: z.number().int().min(0).max(1440),
    /** Where downloads go; empty means the system's Downloads folder. */
    downloadsFolder: z.string().trim().max(4096),
    /** Chunks of one download fetched in parallel. */
    downloadChunks: z.number().int().min(1).max(16),
    /** Downloads fetched at the same time; the others wait in the queue. */
    downloadsAtOnce: z.number().int().min(1).max(8),
    /** The bandwidth all downloads share, in KiB/s; 0 is no limit. */
    downloadLimitKBps: z.number().int().min(0).max(10_000_000),
    /** A desktop notification when a task ends (the Electron shell). */
    desktopNotifications: z.boolean(),
    /** The viewer settings a machine's console starts with until the user changes them for that machine. */
    consoleDefaults: ConsoleSettingsSchema,
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/** What `settings.update` takes: any subset of the settings. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  refreshOnOpen: true,
  refreshAgeMinutes: 15,
  autoRefreshMinutes: 0,
  downloadsFolder: '',
  downloadChunks: 4,
  downloadsAtOnce: 3,
  downloadLimitKBps: 0,
  desktopNotifications: true,
  consoleDefaults: DEFAULT_CONSOLE_SETTINGS,
};
