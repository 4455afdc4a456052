import type { RecoverySession, SessionType, StartRecovery } from '../../../common/sessions';
import { nameCollator } from '../../../common/name-order';

export interface SessionFilter {
  text: string;
  type: '' | SessionType;
  mode: string;
  status: string;
  appliance: string;
}

export type SessionSortKey = 'appliance' | 'type' | 'name' | 'host' | 'mode' | 'status' | 'created';

const keyOf = (s: RecoverySession, key: SessionSortKey): string => {
  switch (key) {
    case 'appliance':
      return `${s.profileName} ${s.systemName}`;
    case 'created':
      return s.created ?? '';
    default:
      return s[key];
  }
};

/** The rows the table shows: filtered, searched (name, host, address, comment), sorted. */
export function visibleSessions(
  all: readonly RecoverySession[],
  filter: SessionFilter,
  sortBy: SessionSortKey,
  descending: boolean,
): RecoverySession[] {
  const text = filter.text.trim().toLowerCase();
  const rows = all.filter(
    (s) =>
      (!filter.type || s.type === filter.type) &&
      (!filter.mode || s.mode === filter.mode) &&
      (!filter.status || s.status === filter.status) &&
      (!filter.appliance || s.profileId === filter.appliance) &&
      (!text ||
        [s.name, s.host, s.address, s.comment, s.systemName].some((v) => v?.toLowerCase().includes(text))),
  );
  rows.sort((a, b) => nameCollator.compare(keyOf(a, sortBy), keyOf(b, sortBy)) * (descending ? -1 : 1));
  return rows;
}

/** "3d 4h", "2h 5m", "45s": how long a session has existed, counting up. */
export function age(created: string | undefined, now: number): string {
  if (!created) return '';
  const seconds = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor(seconds / 3600) % 24;
  const m = Math.floor(seconds / 60) % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}

/** The distinct values of a field, for a filter's choices. */
export const distinct = (all: readonly RecoverySession[], pick: (s: RecoverySession) => string): string[] =>
  [...new Set(all.map(pick).filter(Boolean))].sort(nameCollator.compare);

/** The target picker's value ("VMware|esx01|datastore1", "appliance|ueb01|") as a start request's target. */
export function targetOf(value: string): StartRecovery['target'] {
  const [kind, host, store] = value.split('|') as [StartRecovery['target']['kind'], string, string];
  return kind === 'appliance' ? { kind } : { kind, host, store };
}
