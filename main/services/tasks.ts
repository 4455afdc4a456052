import { randomUUID } from 'node:crypto';

import type { VantageContract } from '../../common/contract';
import { VantageError } from '../../common/errors';
import type { Task } from '../../common/inventory';
import type { ActionProgress, Machine } from '../../common/machines';
import type { EventBus } from '../ipc/events';
import { toIpcError } from '../ipc/router';
import { validateOptions } from './action-options';
import type { AuditLog } from './audit';
import type { Connections } from './connections';
import type { Inventory } from './inventory';
import { requireTypedCount } from './typed-count';

const KEEP = 500;
const PARALLEL = 4;

export interface RunRequest {
  machineIds: readonly string[];
  actionId: string;
  options: Record<string, unknown>;
  /** For a disruptive action on several machines, the count the user typed to confirm. */
  confirmCount?: number | undefined;
}

/** What a job's work returns when it succeeds. */
export interface JobOutcome {
  message: string;
}

/**
 * One mutation of any domain (a power action, an instant-recovery session, a protection run, a guest program…):
 * what it acts on, what the audit log records, and the work itself. Options are already validated and never hold
 * a secret (they go to the audit log as they are).
 */
export interface Job {
  profileId: string;
  /** What the task acts on: a machine, a session, a protection group… (`machineId`/`machineName` of the task). */
  target: { id: string; name: string };
  actionId: string;
  actionLabel: string;
  options: Record<string, unknown>;
  /** False when the vendor cannot stop the work once started (cancel is then not offered). */
  cancellable?: boolean;
  work: (progress: (progress: ActionProgress) => void, signal: AbortSignal) => Promise<JobOutcome>;
}

/**
 * Every mutation becomes a task, followed to its end, with progress events, cancel where the vendor allows it, an
 * audit entry and a notice when it ends. Read-only profiles are refused here, in main, whatever the window shows;
 * machine actions are also refused in states that do not offer them. Workflows of other domains use `start` /
 * `startBatch` with their own work, so that there is one way to do a mutation.
 */
export function createTasks(options: {
  connections: Connections;
  inventory: Inventory;
  audit: AuditLog;
  bus: EventBus<VantageContract>;
}) {
  const { connections, inventory, audit, bus } = options;
  const tasks = new Map<string, Task>();
  const controllers = new Map<string, AbortController>();
  const waiters = new Map<string, ((task: Task) => void)[]>();

  const publish = (task: Task): void => {
    tasks.set(task.id, task);
    bus.publish('tasks.updated', { ...task });
    // Forget the oldest finished tasks beyond what the Tasks view shows.
    if (tasks.size > KEEP)
      for (const [id, t] of tasks) {
        if (tasks.size <= KEEP) break;
        if (t.endedAt) tasks.delete(id);
      }
  };

  /**
   * Appends to the audit log; when that fails (a full disk, a read-only folder) the user must know that the action
   * went unrecorded, so the answer is a sentence to add to what they are shown, else ''.
   */
  const record = async (entry: Parameters<AuditLog['append']>[0]): Promise<string> => {
    try {
      await audit.append(entry);
      return '';
    } catch (error) {
      console.error('audit: could not append', error);
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return ` The audit log could not record this (${reason}).`;
    }
  };

  const finish = async (
    task: Task,
    patch: Partial<Task>,
    auditOutcome: 'succeeded' | 'failed' | 'cancelled',
  ) => {
    const endedAt = new Date().toISOString();
    let done: Task = { ...task, ...patch, endedAt, cancellable: false };
    publish(done);
    const unrecorded = await record({
      time: endedAt,
      taskId: done.id,
      profileId: done.profileId,
      profileName: done.profileName,
      machineId: done.machineId,
      machineName: done.machineName,
      action: done.actionId,
      options: done.options,
      outcome: auditOutcome,
      message: done.message ?? '',
    });
    if (unrecorded) {
      done = { ...done, message: `${done.message ?? ''}${unrecorded}`.trim() };
      publish(done);
    }
    bus.publish('tasks.finished', { ...done });
    // Only now is it over for `settled`: the audit entry is written and the notice sent.
    controllers.delete(task.id);
    for (const resolve of waiters.get(done.id) ?? []) resolve(done);
    waiters.delete(done.id);
  };

  async function execute(task: Task, work: Job['work']): Promise<void> {
    const controller = controllers.get(task.id) ?? new AbortController();
    let current: Task = { ...task, state: 'running' };
    try {
      // Cancelled while still queued: it never starts.
      if (controller.signal.aborted) throw new VantageError('CANCELLED', 'Cancelled before it started.');
      publish(current);
      const outcome = await work((progress) => {
        current = { ...current, progress };
        publish(current);
      }, controller.signal);
      await finish(current, { state: 'succeeded', message: outcome.message }, 'succeeded');
    } catch (error) {
      const ipc = toIpcError(error);
      const cancelled = ipc.code === 'CANCELLED';
      await finish(
        current,
        { state: cancelled ? 'cancelled' : 'failed', message: ipc.message, error: ipc },
        cancelled ? 'cancelled' : 'failed',
      );
    }
  }

  /** Records a refusal; the refusal's message, with a sentence added when it could not be recorded. */
  const refuse = async (job: Omit<Job, 'work'>, profileName: string, message: string): Promise<string> =>
    message +
    (await record({
      time: new Date().toISOString(),
      profileId: job.profileId,
      profileName,
      machineId: job.target.id,
      machineName: job.target.name,
      action: job.actionId,
      options: job.options,
      outcome: 'refused',
      message,
    }));

  /** Refuses (with an audit entry) a mutation through a read-only profile. */
  const refuseReadOnly = async (job: Omit<Job, 'work'>): Promise<void> => {
    const profile = connections.get(job.profileId);
    if (!profile.readOnly) return;
    const message = `“${profile.name}” is read-only: Vantage does not change anything through it.`;
    throw new VantageError('READ_ONLY', await refuse(job, profile.name, message), { profileId: profile.id });
  };

  const prepare = (job: Omit<Job, 'work'>, batchId: string): Task => ({
    id: randomUUID(),
    batchId,
    profileId: job.profileId,
    profileName: connections.get(job.profileId).name,
    machineId: job.target.id,
    machineName: job.target.name,
    actionId: job.actionId,
    actionLabel: job.actionLabel,
    options: job.options,
    state: 'queued',
    cancellable: job.cancellable ?? true,
    startedAt: new Date().toISOString(),
  });

  /** Runs prepared tasks a few at a time: a bulk action on 40 hosts should not open 40 sessions at once. */
  const runQueued = (prepared: { task: Task; work: Job['work'] }[], parallel: number): void => {
    for (const { task } of prepared) {
      controllers.set(task.id, new AbortController());
      publish(task);
    }
    const queue = [...prepared];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) await execute(next.task, next.work);
    };
    void Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  };

  const api = {
    /** Machine actions from the inventory (power and the like), through each machine's connector. */
    async run(request: RunRequest): Promise<{ batchId: string; taskIds: string[] }> {
      const machines = request.machineIds.map((id) => inventory.machine(id));
      const batchId = randomUUID();
      const prepared: { task: Task; work: Job['work'] }[] = [];
      for (const machine of machines) {
        const base = {
          profileId: machine.profileId,
          target: { id: machine.id, name: machine.name },
          actionId: request.actionId,
          actionLabel: request.actionId,
          options: {},
        };
        await refuseReadOnly(base);
        const profile = connections.get(machine.profileId);
        const action = connections
          .connector(machine.profileId)
          .actions(machine)
          .find((a) => a.id === request.actionId);
        if (!action) {
          const message = `${machine.name} cannot do “${request.actionId}” while it is ${machine.vendorState}.`;
          throw new VantageError('CONFLICT', await refuse(base, profile.name, message), {
            machineId: machine.id,
            state: machine.vendorState,
          });
        }
        requireTypedCount(action.disruptive, machines.length, request.confirmCount, 'machines', action.label);
        const options = validateOptions(action, request.options);
        prepared.push({
          task: prepare({ ...base, actionLabel: action.label, options }, batchId),
          work: (progress, signal) => performOnMachine(machine, action.id, options, progress, signal),
        });
      }
      runQueued(prepared, PARALLEL);
      return { batchId, taskIds: prepared.map((p) => p.task.id) };
    },

    /** One mutation of any domain as a task; resolves once it is queued (refused at once if read-only). */
    async start(job: Job): Promise<Task> {
      const { batchTaskIds } = await api.startBatch([job]);
      return tasks.get(batchTaskIds[0] as string) as Task;
    },

    /** Several mutations as one batch (one summary), `parallel` at a time; all refused if any is read-only. */
    async startBatch(
      jobs: readonly Job[],
      parallel = PARALLEL,
    ): Promise<{ batchId: string; batchTaskIds: string[] }> {
      for (const job of jobs) await refuseReadOnly(job);
      const batchId = randomUUID();
      const prepared = jobs.map((job) => ({ task: prepare(job, batchId), work: job.work }));
      runQueued(prepared, parallel);
      return { batchId, batchTaskIds: prepared.map((p) => p.task.id) };
    },

    /** Resolves with the task once it has ended (at once if it already has). */
    settled(id: string): Promise<Task> {
      const task = tasks.get(id);
      if (!task) return Promise.reject(new VantageError('NOT_FOUND', 'No such task.', { id }));
      if (task.endedAt && !controllers.has(id)) return Promise.resolve(task);
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },

    list: (): Task[] => [...tasks.values()].reverse(),
    cancel(id: string): void {
      const controller = controllers.get(id);
      if (!controller || tasks.get(id)?.endedAt)
        throw new VantageError('NOT_FOUND', 'This task has already ended.', { id });
      controller.abort();
    },
    dispose(): void {
      for (const controller of controllers.values()) controller.abort();
    },
  };

  async function performOnMachine(
    machine: Machine,
    actionId: string,
    options: Record<string, unknown>,
    progress: (progress: ActionProgress) => void,
    signal: AbortSignal,
  ): Promise<JobOutcome> {
    const outcome = await connections.withConnector(machine.profileId, (connector) =>
      connector.perform(machine, actionId, options, progress, signal),
    );
    if (outcome.power)
      inventory.update({
        ...machine,
        power: outcome.power,
        vendorState: outcome.vendorState ?? machine.vendorState,
        updatedAt: new Date().toISOString(),
      });
    return { message: outcome.message };
  }

  return api;
}

export type Tasks = ReturnType<typeof createTasks>;
