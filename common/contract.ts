import * as z from 'zod';

import type { AppInfo, Diagnostics, Notice } from './app';
import { event, request, type Api } from './ipc';

/** No argument. */
const none = z.undefined();

/**
 * The one IPC contract: every request, event and stream between the renderer and main. The preload, main's wrapper
 * and the browser harness are all derived from it; a channel that is not here does not exist.
 */
export const contract = {
  requests: {
    'app.info': request<AppInfo>()(none, 'Version, platform, data directory and runtime versions.'),
    'app.diagnostics': request<Diagnostics>()(none, 'Which subsystems are usable: keychain, network, disk.'),
  },
  events: {
    'app.notice': event<Notice>('A message from main for the user (a degraded subsystem, a finished task).'),
  },
  streams: {},
} as const;

export type VantageContract = typeof contract;
export type VantageApi = Api<VantageContract>;
