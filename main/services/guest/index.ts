import type { GuestProcessRow, GuestRunRow } from '../../../common/guest';
import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { GuestCredentials, GuestOperations } from '../../connectors/guest';
import type { Connections } from '../connections';
import type { Inventory } from '../inventory';
import type { Keychain } from '../keychain';
import type { Tasks } from '../tasks';
import { createGuestCredentials } from './credentials';
import { runInGuest, type GuestRunResult } from './run';

/** Per stream: what the window shows is an excerpt; a whole log belongs in a file transfer. */
export const OUTPUT_LIMIT_BYTES = 256 * 1024;
/** Guests at once in a run on many machines (each holds a vCenter session call or two at a time). */
const PARALLEL = 8;

/**
 * Run in guest, the workflow: every run and kill is a task (audit entry, read-only refusal) through `tasks`; the
 * guest credentials come from the request (asked, never stored) or the keychain.
 */
export function createGuest(options: {
  connections: Connections;
  inventory: Inventory;
  tasks: Tasks;
  keychain: Keychain;
}) {
  const { connections, inventory, tasks } = options;
  const credentials = createGuestCredentials(options.keychain);

  const opsOf = <T>(machine: Machine, work: (guest: GuestOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(machine.profileId, (connector) => {
      if (!connector.guest)
        throw new VantageError('UNSUPPORTED', `${machine.name}'s system has no guest operations in Vantage.`);
      return work(connector.guest);
    });
  const who = async (machine: Machine, asked?: GuestCredentials): Promise<GuestCredentials> =>
    asked ?? credentials.resolve(machine.id, machine.profileId, machine.name);

  const outcomeOf = (result: GuestRunResult): string =>
    result.killed === 'timeout'
      ? `Ended after the timeout (exit code ${result.exitCode ?? 'none'}).`
      : `Exited with code ${result.exitCode ?? 'none'}.`;

  return {
    async run(request: {
      machineIds: readonly string[];
      command: string;
      timeoutSeconds: number;
      credentials?: GuestCredentials | undefined;
    }): Promise<GuestRunRow[]> {
      const machines = request.machineIds.map((id) => inventory.machine(id));
      const results = new Map<string, GuestRunResult>();
      const { batchTaskIds } = await tasks.startBatch(
        machines.map((machine) => ({
          profileId: machine.profileId,
          target: { id: machine.id, name: machine.name },
          actionId: 'guest.run',
          actionLabel: 'Run in guest',
          // The command goes to the audit log; the credentials never do.
          options: { command: request.command, timeoutSeconds: request.timeoutSeconds },
          work: async (progress, signal) => {
            const account = await who(machine, request.credentials);
            progress({ message: `Running “${request.command}” in ${machine.name}'s guest.` });
            const result = await opsOf(machine, (guest) =>
              runInGuest(
                guest,
                machine,
                account,
                {
                  command: request.command,
                  timeoutMs: request.timeoutSeconds * 1000,
                  outputLimitBytes: OUTPUT_LIMIT_BYTES,
                },
                signal,
              ),
            );
            results.set(machine.id, result);
            if (result.killed === 'cancelled')
              throw new VantageError('CANCELLED', 'Cancelled: the program was ended.');
            return { message: outcomeOf(result) };
          },
        })),
        PARALLEL,
      );
      const ended = await Promise.all(batchTaskIds.map((id) => tasks.settled(id)));
      return ended.map((task, i): GuestRunRow => {
        const machine = machines[i] as Machine;
        const result = results.get(machine.id);
        const outcome =
          result?.killed === 'timeout'
            ? 'timeout'
            : task.state === 'cancelled'
              ? 'cancelled'
              : task.state === 'succeeded'
                ? 'succeeded'
                : 'failed';
        return {
          machineId: machine.id,
          machineName: machine.name,
          taskId: task.id,
          outcome,
          ...(result
            ? {
                ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
                durationMs: result.durationMs,
                stdout: result.stdout,
                stderr: result.stderr,
                truncated: result.truncated,
              }
            : {}),
          ...(outcome === 'failed' ? { error: task.message ?? 'Failed.' } : {}),
        };
      });
    },

    async processes(machineId: string, asked?: GuestCredentials): Promise<GuestProcessRow[]> {
      const machine = inventory.machine(machineId);
      const account = await who(machine, asked);
      return opsOf(machine, (guest) => guest.processes(machine, account));
    },

    async kill(machineId: string, pid: number, asked?: GuestCredentials): Promise<null> {
      const machine = inventory.machine(machineId);
      const task = await tasks.start({
        profileId: machine.profileId,
        target: { id: machine.id, name: machine.name },
        actionId: 'guest.kill',
        actionLabel: 'End guest process',
        options: { pid },
        cancellable: false,
        work: async () => {
          const account = await who(machine, asked);
          await opsOf(machine, (guest) => guest.kill(machine, account, pid));
          return { message: `Process ${pid} ended in ${machine.name}.` };
        },
      });
      const ended = await tasks.settled(task.id);
      if (ended.state !== 'succeeded')
        throw new VantageError(
          ended.error?.code ?? 'UPSTREAM',
          ended.message ?? 'The process could not be ended.',
        );
      return null;
    },

    async saveCredentials(
      scope: { kind: 'machine'; machineId: string } | { kind: 'profile'; profileId: string },
      who: GuestCredentials | null,
    ): Promise<null> {
      if (scope.kind === 'machine') inventory.machine(scope.machineId);
      else connections.get(scope.profileId);
      await credentials.save(
        scope.kind === 'machine' ? { machineId: scope.machineId } : { profileId: scope.profileId },
        who,
      );
      return null;
    },

    hasCredentials(machineId: string): Promise<{ machine: boolean; profile: boolean }> {
      const machine = inventory.machine(machineId);
      return credentials.saved(machine.id, machine.profileId);
    },
  };
}
