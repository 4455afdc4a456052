import type { RecoveryFilters, RecoveryItem } from '../../../common/contract/restore';
import { age } from './sessions-view';
import { nameCollator } from '../../../common/name-order';

/** The vendor's statuses, in the order a recovery goes through them. */
export const RECOVERY_STATUSES = [
  'Accepted',
  'Running',
  'Succeeded',
  'SucceededWithWarning',
  'Failed',
  'Canceling',
  'Canceled',
] as const;

/** The vendor's recovery actions a physical host's file restore shows, in words. */
export const RECOVERY_ACTIONS: Readonly<Record<string, string>> = {
  DownloadFilesAndFolders: 'Download files',
  RecoverFiles: 'Restore files',
  RecoverPhysicalVolumes: 'Restore volumes',
  InstantVolumeMount: 'Mount volumes',
  RecoverSystem: 'Restore system',
};
export const actionLabel = (action: string): string => RECOVERY_ACTIONS[action] ?? action;

export const TIME_RANGES = {
  '': 'Any time',
  day: 'Last 24 hours',
  week: 'Last 7 days',
  month: 'Last 30 days',
} as const;
export type TimeRange = keyof typeof TIME_RANGES;
const RANGE_MS: Record<Exclude<TimeRange, ''>, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
};

export interface RecoveryFilterChoice {
  status: string;
  action: string;
  range: TimeRange;
  profileId: string;
}

/** The filters main applies (the vendor filters status, action and start time; Vantage picks the profiles). */
export function serverFilters(choice: RecoveryFilterChoice, now: number): RecoveryFilters {
  return {
    ...(choice.status ? { statuses: [choice.status] } : {}),
    ...(choice.action ? { actions: [choice.action] } : {}),
    ...(choice.range ? { from: new Date(now - RANGE_MS[choice.range]).toISOString() } : {}),
    ...(choice.profileId ? { profileIds: [choice.profileId] } : {}),
  };
}

export type RecoverySortKey = 'name' | 'profile' | 'type' | 'status' | 'start' | 'end';

const keyOf = (r: RecoveryItem, key: RecoverySortKey): string => {
  switch (key) {
    case 'profile':
      return r.profileName;
    case 'type':
      return actionLabel(r.action);
    case 'start':
      return r.startedAt ?? '';
    case 'end':
      return r.endedAt ?? '';
    default:
      return r[key];
  }
};
/** The rows the table shows: searched (name, host, user, selected paths) and sorted. */
export function visibleRecoveries(
  all: readonly RecoveryItem[],
  text: string,
  sortBy: RecoverySortKey,
  descending: boolean,
): RecoveryItem[] {
  const needle = text.trim().toLowerCase();
  const rows = needle
    ? all.filter((r) =>
        [r.name, r.objectName, r.user, r.protectionGroupName, ...r.files.map((f) => f.path)].some((v) =>
          v?.toLowerCase().includes(needle),
        ),
      )
    : [...all];
  rows.sort((a, b) => nameCollator.compare(keyOf(a, sortBy), keyOf(b, sortBy)) * (descending ? -1 : 1));
  return rows;
}

export const recoveryKey = (r: Pick<RecoveryItem, 'profileId' | 'id'>): string => `${r.profileId}/${r.id}`;
export const isRunning = (r: RecoveryItem): boolean => r.status === 'Accepted' || r.status === 'Running';
export const canDownload = (r: RecoveryItem): boolean =>
  r.action === 'DownloadFilesAndFolders' &&
  (r.status === 'Succeeded' || r.status === 'SucceededWithWarning') &&
  !r.download?.expired;

/** "ended 14:02 (12m 5s)" or "running for 3m 2s". */
export function endOrDuration(r: RecoveryItem, now: number): string {
  if (!r.startedAt) return '';
  if (r.endedAt)
    return `${new Date(r.endedAt).toLocaleString()} (${age(r.startedAt, Date.parse(r.endedAt))})`;
  return isRunning(r) ? `running ${age(r.startedAt, now)}` : '';
}

/** What the progress column says: a percentage while it runs, the copied bytes once known. */
export function progressText(r: RecoveryItem): string {
  if (r.percent !== undefined) return `${r.percent} %`;
  const done = r.files.filter((f) => f.status === 'Finished').length;
  return r.files.length ? `${done}/${r.files.length} items` : '';
}
