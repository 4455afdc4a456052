import {
  RETENTION_UNITS,
  SCHEDULE_UNITS,
  WEEK_DAYS,
  type PolicySchedule,
  type PolicySettings,
  type PolicyView,
  type WeekDay,
} from '../../../common/contract/protection-admin';
import { VantageError } from '../../../common/errors';
import { plural } from '../../../common/plural';
import type { ProtectionAdminOperations } from '../protection-admin';
import type { IbmApi } from './api';

/* Protection policies (ibm-backup-recovery.md §9 "Policies"): the schedule, retention and retries Vantage edits. */

type Json = Record<string, unknown>;

interface WireSchedule {
  unit?: string;
  minuteSchedule?: { frequency?: number };
  hourSchedule?: { frequency?: number };
  daySchedule?: { frequency?: number };
  weekSchedule?: { dayOfWeek?: string[] };
  monthSchedule?: { dayOfMonth?: number };
  yearSchedule?: { dayOfYear?: string };
}

interface WirePolicy {
  id?: string;
  name?: string;
  description?: string;
  backupPolicy?: {
    regular?: {
      incremental?: { schedule?: WireSchedule };
      full?: { schedule?: WireSchedule } | null;
      retention?: { unit?: string; duration?: number };
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  retryOptions?: { retries?: number; retryIntervalMins?: number };
  version?: number;
  lastModificationTimeUsecs?: number;
  numProtectionGroups?: number;
  numProtectedObjects?: number;
  [key: string]: unknown;
}

/** Fields of the answer that are not part of a request body. */
const ANSWER_ONLY = ['id', 'isUsable', 'isReplicated', 'numProtectionGroups', 'numProtectedObjects'];

const FREQUENCY_KEY = { Minutes: 'minuteSchedule', Hours: 'hourSchedule', Days: 'daySchedule' } as const;

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T =>
  (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

const weekDays = (days: readonly string[] | undefined): WeekDay[] =>
  (days ?? []).filter((day): day is WeekDay => (WEEK_DAYS as readonly string[]).includes(day));

function readSchedule(wire: WireSchedule | undefined): PolicySchedule {
  const unit = oneOf(wire?.unit, SCHEDULE_UNITS, 'Days');
  if (unit === 'Minutes' || unit === 'Hours' || unit === 'Days')
    return { unit, frequency: wire?.[FREQUENCY_KEY[unit]]?.frequency ?? 1 };
  if (unit === 'Weeks') return { unit, daysOfWeek: weekDays(wire?.weekSchedule?.dayOfWeek) };
  if (unit === 'Months') return { unit, dayOfMonth: wire?.monthSchedule?.dayOfMonth ?? 1 };
  return { unit, dayOfYear: wire?.yearSchedule?.dayOfYear === 'Last' ? 'Last' : 'First' };
}

function writeSchedule(schedule: PolicySchedule): Json {
  const { unit } = schedule;
  if (unit === 'Minutes' || unit === 'Hours' || unit === 'Days')
    return { unit, [FREQUENCY_KEY[unit]]: { frequency: schedule.frequency } };
  if (unit === 'Weeks') return { unit, weekSchedule: { dayOfWeek: schedule.daysOfWeek } };
  if (unit === 'Months') return { unit, monthSchedule: { dayOfMonth: schedule.dayOfMonth } };
  return { unit, yearSchedule: { dayOfYear: schedule.dayOfYear } };
}

export function policyView(wire: WirePolicy): PolicyView {
  const regular = wire.backupPolicy?.regular;
  return {
    id: String(wire.id ?? ''),
    settings: {
      name: wire.name ?? '',
      ...(wire.description ? { description: wire.description } : {}),
      schedule: readSchedule(regular?.incremental?.schedule),
      fullBackupDays: weekDays(regular?.full?.schedule?.weekSchedule?.dayOfWeek),
      retention: {
        unit: oneOf(regular?.retention?.unit, RETENTION_UNITS, 'Days'),
        duration: regular?.retention?.duration ?? 1,
      },
      retries: wire.retryOptions?.retries ?? 0,
      retryIntervalMins: wire.retryOptions?.retryIntervalMins ?? 1,
    },
    ...(wire.version !== undefined ? { version: wire.version } : {}),
    ...(wire.lastModificationTimeUsecs !== undefined
      ? { lastModificationTimeUsecs: wire.lastModificationTimeUsecs }
      : {}),
    ...(wire.numProtectionGroups !== undefined ? { protectionGroups: wire.numProtectionGroups } : {}),
    ...(wire.numProtectedObjects !== undefined ? { protectedObjects: wire.numProtectedObjects } : {}),
  };
}

/** A request body: the existing policy (fields Vantage does not edit stay as they are) with the settings applied. */
export function policyBody(settings: PolicySettings, existing: WirePolicy = {}): Json {
  const body: Json = { ...existing };
  for (const key of ANSWER_ONLY) delete body[key];
  const regular: Json = {
    primaryBackupTarget: { useDefaultBackupTarget: true },
    ...existing.backupPolicy?.regular,
    incremental: { schedule: writeSchedule(settings.schedule) },
    retention: { ...existing.backupPolicy?.regular?.retention, ...settings.retention },
  };
  if (settings.fullBackupDays.length > 0)
    regular.full = { schedule: writeSchedule({ unit: 'Weeks', daysOfWeek: settings.fullBackupDays }) };
  else delete regular.full;
  body.name = settings.name;
  if (settings.description !== undefined) body.description = settings.description;
  body.backupPolicy = { ...existing.backupPolicy, regular };
  body.retryOptions = { retries: settings.retries, retryIntervalMins: settings.retryIntervalMins };
  return body;
}

export function createIbmPolicies(api: IbmApi): ProtectionAdminOperations['policies'] {
  const read = (id: string) =>
    api.call<WirePolicy>({ method: 'GET', path: `data-protect/policies/${encodeURIComponent(id)}` });

  return {
    async list() {
      const answer = await api.call<{ policies?: WirePolicy[] | null }>({
        method: 'GET',
        path: 'data-protect/policies',
        query: { includeStats: true },
      });
      return (answer?.policies ?? []).map(policyView);
    },

    get: async (id) => policyView(await read(id)),

    async create(settings) {
      const created = await api.call<WirePolicy>({
        method: 'POST',
        path: 'data-protect/policies',
        json: policyBody(settings),
      });
      return policyView(created);
    },

    async update(id, settings, seen) {
      // PUT replaces the whole policy: start from what it is now, with the modification time of the version the
      // user edited, so that a change made meanwhile elsewhere is refused as stale instead of overwritten.
      const existing = await read(id);
      const body = policyBody(settings, existing);
      if (seen !== undefined) body.lastModificationTimeUsecs = seen;
      const updated = await api.call<WirePolicy>({
        method: 'PUT',
        path: `data-protect/policies/${encodeURIComponent(id)}`,
        json: body,
      });
      return policyView(updated);
    },

    async remove(id) {
      const [policy, groups] = await Promise.all([
        read(id),
        api.call<{ protectionGroups?: { name?: string; isDeleted?: boolean }[] | null }>({
          method: 'GET',
          path: 'data-protect/protection-groups',
          query: { policyIds: [id], isDeleted: false },
        }),
      ]);
      const users = (groups?.protectionGroups ?? []).filter((g) => !g.isDeleted).map((g) => g.name ?? '?');
      if (users.length > 0)
        throw new VantageError(
          'CONFLICT',
          `Policy “${policy.name ?? id}” is used by ${plural(users.length, 'protection group')}: ${users.join(', ')}. Move them to another policy first.`,
          { groups: users },
        );
      await api.call({ method: 'DELETE', path: `data-protect/policies/${encodeURIComponent(id)}` });
    },
  };
}
