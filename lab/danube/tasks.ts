import type { LabClock } from '../core/clock';
import type { Rng } from '../core/rng';
import type { ApiView, Vm } from './model';
import { makeTaskId, type TaskPrefix } from './task-ids';
import { vmLogLine, type TaskLog, type TaskState } from './task-log';

/** What a task ends with; `result` is what `/task/<id>/status/` shows once it is no longer pending. */
export interface TaskOutcome {
  state: 'SUCCESS' | 'FAILURE';
  result: Record<string, unknown>;
  /** The VM's new status for the "Status of server changed" log line, when it changed. */
  statusChangedTo?: string;
}

export interface TaskSpec {
  prefix: TaskPrefix;
  vm: Vm;
  username: string;
  apiview: ApiView;
  /** Task log message; empty for `nolog` tasks (reading the current status). */
  msg: string;
  detail: string;
  /** Simulated duration before scaling. */
  durationMs: number;
  lockKey: string;
  /** Applies the effect on the node and in the DB when the task ends (lazily, at its end time). */
  complete(at: number): TaskOutcome;
  /** Undoes what queueing did when the task is revoked (the VM keeps its previous state). */
  revoke(at: number): void;
}

export interface Task {
  id: string;
  spec: TaskSpec;
  createdAt: number;
  doneAt: number;
  state: TaskState;
  result: unknown;
}

export interface TaskEngine {
  /** Ends every task whose time has come, in end-time order: called before each request is served. */
  settle(): void;
  /** Queues a task, or answers undefined when another task holds its lock (`Task did not acquire lock`). */
  queue(spec: TaskSpec): Task | undefined;
  get(taskId: string): Task | undefined;
  revoke(task: Task): void;
  pending(): readonly Task[];
  /** A fresh id for logging without a task (status changes). */
  newId(prefix: TaskPrefix): string;
}

/** Finished tasks kept for polling; older ones answer "Task does not exist (anymore)" like expired results. */
const KEEP_FINISHED = 20_000;

export function createTaskEngine(clock: LabClock, rng: Rng, log: TaskLog): TaskEngine {
  const tasks = new Map<string, Task>();
  const finished: string[] = [];
  let active: Task[] = [];
  const locks = new Map<string, Task>();

  const logLine = (
    task: Task,
    time: number,
    status: TaskState,
    detail: string,
    msg = task.spec.msg,
  ): void => {
    const by = { id: task.spec.prefix.userId, username: task.spec.username };
    log.add(vmLogLine(task.spec.vm, by, { time, task: task.id, status, msg, detail }));
  };

  const release = (task: Task): void => {
    if (locks.get(task.spec.lockKey) === task) locks.delete(task.spec.lockKey);
    task.spec.vm.tasks?.delete(task.id);
    active = active.filter((t) => t !== task);
    finished.push(task.id);
    if (finished.length > KEEP_FINISHED) for (const id of finished.splice(0, 1000)) tasks.delete(id);
  };

  const finish = (task: Task): void => {
    const outcome = task.spec.complete(task.doneAt);
    task.state = outcome.state;
    task.result = outcome.result;
    release(task);
    if (task.spec.msg) {
      const { detail, message } = outcome.result;
      logLine(
        task,
        task.doneAt,
        outcome.state,
        typeof (detail ?? message) === 'string' ? String(detail ?? message) : '',
      );
    }
    // vm_status_changed() logs under a new id with the task's prefix.
    if (outcome.statusChangedTo)
      logLine(
        { ...task, id: makeTaskId(rng, task.spec.prefix) },
        task.doneAt,
        'SUCCESS',
        outcome.statusChangedTo,
        'Status of server changed',
      );
  };

  return {
    settle() {
      const now = clock.now();
      const due = active.filter((t) => t.doneAt <= now).sort((a, b) => a.doneAt - b.doneAt);
      for (const task of due) finish(task);
    },
    queue(spec) {
      if (locks.has(spec.lockKey)) return undefined;
      const now = clock.now();
      const task: Task = {
        id: makeTaskId(rng, spec.prefix),
        spec,
        createdAt: now,
        doneAt: now + clock.scaled(spec.durationMs),
        state: 'PENDING',
        result: null,
      };
      tasks.set(task.id, task);
      active.push(task);
      locks.set(spec.lockKey, task);
      (spec.vm.tasks ??= new Map()).set(task.id, spec.apiview);
      if (spec.msg) logLine(task, now, 'PENDING', spec.detail);
      return task;
    },
    get: (taskId) => tasks.get(taskId),
    revoke(task) {
      if (task.state !== 'PENDING') return;
      const now = clock.now();
      task.state = 'REVOKED';
      task.result = 'terminated';
      task.doneAt = now;
      task.spec.revoke(now);
      release(task);
      if (task.spec.msg) logLine(task, now, 'REVOKED', 'terminated');
    },
    pending: () => active,
    newId: (prefix) => makeTaskId(rng, prefix),
  };
}
