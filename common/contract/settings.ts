import { event, request } from '../ipc';
import { SettingsPatchSchema, type Settings } from '../settings';
import * as z from 'zod';

/** The `settings.*` part of the contract (merged into `common/contract.ts`). */
export const settingsRequests = {
  'settings.get': request<Settings>()(z.undefined(), 'How Vantage behaves on this computer.'),
  'settings.update': request<Settings>()(
    SettingsPatchSchema,
    'Changes some settings; answers all of them and publishes settings.changed.',
  ),
  'settings.openDataFolder': request<null>()(
    z.undefined(),
    'Opens the data folder in the system’s file manager (Electron only).',
  ),
};

export const settingsEvents = {
  'settings.changed': event<Settings>('The settings changed (in this or another window).'),
};
