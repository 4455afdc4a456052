import type { DownloadItem, DownloadState } from '../../../common/contract/downloads';

/* What the Downloads view shows of a download: pure functions, tested without a DOM. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export const STATE_LABELS: Record<DownloadState, string> = {
  queued: 'Queued',
  running: 'Downloading',
  paused: 'Paused',
  verifying: 'Verifying',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The share done (0..1), or undefined while neither the size nor an estimate is known. */
export function fraction(item: DownloadItem): number | undefined {
  if (item.state === 'completed') return 1;
  const total = item.size ?? item.expectedSize;
  if (!total) return undefined;
  return Math.min(1, item.received / total);
}

/** "12 MiB of 1.0 GiB" (or "of about…" while the total is an estimate). */
export function progressText(item: DownloadItem): string {
  if (item.size !== undefined) return `${formatBytes(item.received)} of ${formatBytes(item.size)}`;
  if (item.expectedSize !== undefined)
    return `${formatBytes(item.received)} of about ${formatBytes(item.expectedSize)}`;
  return formatBytes(item.received);
}

export type DownloadCommand = 'pause' | 'resume' | 'cancel' | 'retry' | 'remove' | 'showInFolder' | 'open';

export const COMMAND_LABELS: Record<DownloadCommand, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove from list',
  showInFolder: 'Show in folder',
  open: 'Open',
};

/** What a download's state allows. */
export function commandsFor(state: DownloadState): DownloadCommand[] {
  switch (state) {
    case 'queued':
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'verifying':
      return [];
    case 'completed':
      return ['showInFolder', 'open', 'remove'];
    case 'failed':
      return ['retry', 'cancel', 'remove'];
    case 'cancelled':
      return ['retry', 'remove'];
  }
}

/** Newest first, unfinished ones on top. */
export function ordered(items: readonly DownloadItem[]): DownloadItem[] {
  const active = (item: DownloadItem): number =>
    ['completed', 'failed', 'cancelled'].includes(item.state) ? 1 : 0;
  return [...items].sort((a, b) => active(a) - active(b) || b.createdAt.localeCompare(a.createdAt));
}
