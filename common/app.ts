/** What the About panel shows. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Where profiles, caches, downloads state and the audit log live. */
  dataDirectory: string;
  /** How this instance runs: inside Electron, or in the browser harness (tests and `npm run dev:web`). */
  runtime: 'electron' | 'harness';
  versions: { electron?: string; node: string; chromium?: string; v8?: string };
}

export type SubsystemStatus = 'ok' | 'degraded' | 'unavailable';

export interface SubsystemReport {
  status: SubsystemStatus;
  /** One sentence a person understands. */
  summary: string;
  detail?: string;
}

export interface Diagnostics {
  checkedAt: string;
  keychain: SubsystemReport;
  network: SubsystemReport;
  disk: SubsystemReport;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
}
