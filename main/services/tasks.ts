import { randomUUID } from 'node:crypto';

import type { VantageContract } from '../../common/contract';
import { VantageError } from '../../common/errors';
import type { Task } from '../../common/inventory';
import type { Machine } from '../../common/machines';
import type { EventBus } from '../ipc/events';
import { toIpcError } from '../ipc/router';
import { validateOptions } from './action-options';
import type { AuditLog } from './audit';
import type { Connections } from './connections';
import type { Inventory } from './inventory';

const KEEP = 500;
const PARALLEL = 4;

export interface RunRequest {
  machineIds: readonly string[];
  actionId: string;
  options: Record<string, unknown>;
  /** For a disruptive action on several machines, the count the user typed to confirm. */
  confirmCount?: number | undefined;
}

/**
 * Every action becomes a task per machine, followed to its end, with progress events, cancel where the vendor
 * allows it, an audit entry and a notice when it ends. Read-only profiles and states that do not allow an action
 * are refused here, in main, whatever the window shows.
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

  const finish = async (
    task: Task,
    patch: Partial<Task>,
    auditOutcome: 'succeeded' | 'failed' | 'cancelled',
  ) => {
    const done = { ...task, ...patch, endedAt: new Date().toISOString(), cancellable: false };
    publish(done);
    controllers.delete(task.id);
    await audit.append({
      time: done.endedAt,
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
    bus.publish('tasks.finished', { ...done });
  };

  async function execute(task: Task, machine: Machine): Promise<void> {
    const controller = new AbortController();
    controllers.set(task.id, controller);
    let current: Task = { ...task, state: 'running' };
    publish(current);
    try {
      const outcome = await connections.withConnector(machine.profileId, (connector) =>
        connector.perform(
          machine,
          task.actionId,
          task.options,
          (progress) => {
            current = { ...current, progress };
            publish(current);
          },
          controller.signal,
        ),
      );
      if (outcome.power)
        inventory.update({
          ...machine,
          power: outcome.power,
          vendorState: outcome.vendorState ?? machine.vendorState,
          updatedAt: new Date().toISOString(),
        });
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

  const refuse = async (machine: Machine, profileName: string, actionId: string, message: string) => {
    await audit.append({
      time: new Date().toISOString(),
      profileId: machine.profileId,
      profileName,
      machineId: machine.id,
      machineName: machine.name,
      action: actionId,
      options: {},
      outcome: 'refused',
      message,
    });
  };

  return {
    async run(request: RunRequest): Promise<{ batchId: string; taskIds: string[] }> {
      const machines = request.machineIds.map((id) => inventory.machine(id));
      const batchId = randomUUID();
      const prepared: { task: Task; machine: Machine }[] = [];
      for (const machine of machines) {
        const profile = connections.get(machine.profileId);
        if (profile.readOnly) {
          const message = `“${profile.name}” is read-only: Vantage does not change anything through it.`;
          await refuse(machine, profile.name, request.actionId, message);
          throw new VantageError('READ_ONLY', message, { profileId: profile.id });
        }
        const action = connections
          .connector(machine.profileId)
          .actions(machine)
          .find((a) => a.id === request.actionId);
        if (!action) {
          const message = `${machine.name} cannot do “${request.actionId}” while it is ${machine.vendorState}.`;
          await refuse(machine, profile.name, request.actionId, message);
          throw new VantageError('CONFLICT', message, { machineId: machine.id, state: machine.vendorState });
        }
        if (action.disruptive && machines.length > 1 && request.confirmCount !== machines.length)
          throw new VantageError(
            'INVALID_ARGUMENT',
            `Type the number of machines (${machines.length}) to confirm ${action.label.toLowerCase()} on all of them.`,
          );
        prepared.push({
          machine,
          task: {
            id: randomUUID(),
            batchId,
            profileId: profile.id,
            profileName: profile.name,
            machineId: machine.id,
            machineName: machine.name,
            actionId: action.id,
            actionLabel: action.label,
            options: validateOptions(action, request.options),
            state: 'queued',
            cancellable: true,
            startedAt: new Date().toISOString(),
          },
        });
      }
      for (const { task } of prepared) publish(task);
      // A few at a time: a bulk action on 40 hosts should not open 40 sessions at once.
      const queue = [...prepared];
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) await execute(next.task, next.machine);
      };
      void Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
      return { batchId, taskIds: prepared.map((p) => p.task.id) };
    },
    list: (): Task[] => [...tasks.values()].reverse(),
    cancel(id: string): void {
      const controller = controllers.get(id);
      if (!controller) throw new VantageError('NOT_FOUND', 'This task has already ended.', { id });
      controller.abort();
    },
    dispose(): void {
      for (const controller of controllers.values()) controller.abort();
    },
  };
}

export type Tasks = ReturnType<typeof createTasks>;
