import { arch, platform } from 'node:os';

import type { AppInfo } from '../../common/app';

export interface AppInfoOptions {
  name: string;
  version: string;
  dataDirectory: string;
  runtime: AppInfo['runtime'];
  /** `process.versions` of the running process (Electron adds `electron` and `chrome`). */
  processVersions: Readonly<Record<string, string | undefined>>;
}

export function describeApp(options: AppInfoOptions): AppInfo {
  const { processVersions: v } = options;
  return {
    name: options.name,
    version: options.version,
    platform: platform(),
    arch: arch(),
    dataDirectory: options.dataDirectory,
    runtime: options.runtime,
    versions: {
      node: v.node ?? 'unknown',
      ...(v.electron ? { electron: v.electron } : {}),
      ...(v.chrome ? { chromium: v.chrome } : {}),
      ...(v.v8 ? { v8: v.v8 } : {}),
    },
  };
}
