import type { User, Vm } from './model';
import { pythonIsoformat } from './time';

/** Final and pending task states (celery), as the task log and `/task/<id>/status/` show them. */
export type TaskState = 'PENDING' | 'SUCCESS' | 'FAILURE' | 'REVOKED';
export const TASK_STATES: readonly TaskState[] = ['PENDING', 'SUCCESS', 'FAILURE', 'REVOKED'];

/** One task log line (`vms.models.TaskLogEntry`); every task writes a PENDING line and later its final one. */
export interface LogEntry {
  time: number;
  task: string;
  status: TaskState;
  /** `'%d%02d' % (TG.index(tg), TT.index(tt))`: 1 for a DC-bound exec task, 0 for a dummy one. */
  taskType: number;
  userId: number;
  username: string;
  ownerId: number;
  ownerIsSuperAdmin: boolean;
  dcId: number;
  objectName: string;
  objectAlias: string;
  msg: string;
  detail: string;
}

/** A line about a VM, written by `by`: every line this simulator writes. */
export function vmLogLine(
  vm: Vm,
  by: Pick<User, 'id' | 'username'>,
  line: Pick<LogEntry, 'time' | 'task' | 'status' | 'msg' | 'detail'> & { taskType?: number },
): LogEntry {
  return {
    taskType: 1,
    ...line,
    userId: by.id,
    username: by.username,
    ownerId: vm.owner.id,
    ownerIsSuperAdmin: vm.owner.superAdmin,
    dcId: vm.dc.id,
    objectName: vm.hostname,
    objectAlias: vm.alias,
  };
}

export interface LogViewer {
  userId: number;
  isAdmin: boolean;
}

export interface LogFilter {
  status?: TaskState;
  objectName?: string;
  from?: number;
  to?: number;
  taskIds?: ReadonlySet<string>;
  hideAuto?: boolean;
  ascending: boolean;
}

/** TASK_LOG_LASTSIZE: the log without `page` shows only the last 10 lines, from cache. */
const LAST_SIZE = 10;
/** Keep memory bounded in long demo runs. */
const MAX_ENTRIES = 50_000;
const PAGE_SIZE = 100;
/** Task log flags (`TaskLogEntry.OTHER/CREATE/DELETE/UPDATE`) derived from the message's first word. */
const FLAGS: readonly (readonly [RegExp, number])[] = [
  [/^(Update|Rollback|Restore|Revert)/, 3],
  [/^(Add|Create|Recreate|Import)/, 1],
  [/^(Remove|Delete|Invalid)/, 2],
  [/^Remote/, 4],
];

const flagOf = (msg: string): number => FLAGS.find(([pattern]) => pattern.test(msg))?.[1] ?? 0;

function visible(entry: LogEntry, dcId: number, viewer: LogViewer): boolean {
  return entry.dcId === dcId && (viewer.isAdmin || entry.ownerId === viewer.userId);
}

/** The cached form (`api/task/log.py` `log`: the DB row without its ids). */
function cachedLine(entry: LogEntry): Record<string, unknown> {
  return {
    time: pythonIsoformat(entry.time),
    task: entry.task,
    status: entry.status,
    task_type: entry.taskType,
    flag: flagOf(entry.msg),
    username: entry.username,
    object_type: 'vm',
    object_name: entry.objectName,
    object_alias: entry.objectAlias,
    msg: entry.msg,
    detail: entry.detail,
  };
}

/** The DB form (`TaskLogEntrySerializer`). */
function pagedLine(entry: LogEntry): Record<string, unknown> {
  return {
    time: pythonIsoformat(entry.time),
    task: entry.task,
    status: entry.status,
    username: entry.username,
    msg: entry.msg,
    detail: entry.detail,
    object_name: entry.objectName,
    object_alias: entry.objectAlias,
    object_type: 'vm',
    flag: flagOf(entry.msg),
  };
}

export interface TaskLog {
  add(entry: LogEntry): void;
  /** `GET /task/log/` without `page`: `{"results": [...]}`, newest first. */
  lastLines(dcId: number, viewer: LogViewer): { results: Record<string, unknown>[] };
  /** `GET /task/log/?page=N`: the paginator's `{count, next, previous, results}`; undefined past the end. */
  page(
    dcId: number,
    viewer: LogViewer,
    filter: LogFilter,
    page: number,
  ): { count: number; hasNext: boolean; results: Record<string, unknown>[] } | undefined;
  stats(
    dcId: number,
    viewer: LogViewer,
    since: number,
  ): Record<'pending' | 'revoked' | 'succeeded' | 'failed', number>;
}

export function createTaskLog(): TaskLog {
  // Appended in time order: the lab settles finished tasks before it serves each request.
  let entries: LogEntry[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > MAX_ENTRIES * 1.2) entries = entries.slice(-MAX_ENTRIES);
    },
    lastLines(dcId, viewer) {
      // Admins read the staff cache (everything); owners their own, which never holds a SuperAdmin's VMs.
      const results: Record<string, unknown>[] = [];
      for (let i = entries.length - 1; i >= 0 && results.length < LAST_SIZE; i--) {
        const entry = entries[i] as LogEntry;
        if (entry.dcId !== dcId) continue;
        if (viewer.isAdmin || (entry.ownerId === viewer.userId && !entry.ownerIsSuperAdmin))
          results.push(cachedLine(entry));
      }
      return { results };
    },
    page(dcId, viewer, filter, page) {
      const matching = entries.filter(
        (e) =>
          visible(e, dcId, viewer) &&
          (!filter.status || e.status === filter.status) &&
          (!filter.objectName || e.objectName.includes(filter.objectName)) &&
          (filter.from === undefined || e.time >= filter.from) &&
          (filter.to === undefined || e.time <= filter.to) &&
          (!filter.taskIds || filter.taskIds.has(e.task)) &&
          !(filter.hideAuto && e.taskType % 100 === 2),
      );
      if (!filter.ascending) matching.reverse();
      const start = (page - 1) * PAGE_SIZE;
      if (page < 1 || (start >= matching.length && page > 1)) return undefined;
      return {
        count: matching.length,
        hasNext: start + PAGE_SIZE < matching.length,
        results: matching.slice(start, start + PAGE_SIZE).map(pagedLine),
      };
    },
    stats(dcId, viewer, since) {
      const counts = { pending: 0, revoked: 0, succeeded: 0, failed: 0 };
      const key = {
        PENDING: 'pending',
        REVOKED: 'revoked',
        SUCCESS: 'succeeded',
        FAILURE: 'failed',
      } as const;
      for (const entry of entries)
        if (entry.time >= since && visible(entry, dcId, viewer)) counts[key[entry.status]]++;
      return counts;
    },
  };
}
