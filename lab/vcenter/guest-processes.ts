import type { LabClock } from '../core/clock';
import type { Inventory, VmRecord } from './data';
import { message, VapiError, vapiError } from './errors';
import type { Flavour } from './flavour';
import type { GuestFiles } from './guest-files';
import { guestLogin, invalid, optionalString, requireField, type Account } from './guest-login';
import {
  programOutput,
  redirectsOf,
  resolveProgram,
  runProgram,
  systemProcesses,
  type SystemProcess,
} from './guest-programs';
import type { VmState } from './state';

/** `finished` and `exit_code` are kept this long after a created process exits, then it is gone (spec text). */
export const PROCESS_RETENTION_MS = 5 * 60_000;

export { GUEST_PASSWORDS } from './guest-login';

interface CreatedProcess extends SystemProcess {
  startedAt: number;
  endsAt: number;
  exitCode: number;
}

interface ProcessTable {
  bootedAt: number;
  nextPid: number;
  created: Map<number, CreatedProcess>;
  killed: Set<number>;
}

export interface ProcessSummary {
  name: string;
  pid: number;
  owner: string;
  command: string;
  started: string;
}

export interface ProcessInfo {
  name: string;
  owner: string;
  command: string;
  started: string;
  finished?: string;
  exit_code?: number;
}

export interface GuestProcesses {
  create(index: number, body: unknown, flavour: Flavour): number;
  list(index: number, body: unknown): ProcessSummary[];
  get(index: number, pid: number, body: unknown): ProcessInfo;
  remove(index: number, pid: number, body: unknown): void;
}

function pidNotFound(vm: VmRecord, pid: number): VapiError {
  const text = `Process ${pid} was not found in virtual machine ${vm.id}.`;
  const found = message('com.vmware.api.vcenter.vm.guest.processes.not_found', text, String(pid), vm.id);
  return new VapiError('NOT_FOUND', [found], { data: { pid } });
}

/**
 * Processes inside the guests, started through VMware Tools. Lazy like the rest of the lab: a process stores when
 * it ends and when it is forgotten; reads bring the table up to date. A table belongs to one boot of its guest.
 */
export function createGuestProcesses(
  inventory: Inventory,
  state: VmState,
  clock: LabClock,
  files: GuestFiles,
): GuestProcesses {
  const tables = new Map<number, ProcessTable>();
  const iso = (ms: number): string => new Date(ms).toISOString();

  const tableOf = (index: number): ProcessTable => {
    const bootedAt = state.bootedAt(index);
    let table = tables.get(index);
    if (!table || table.bootedAt !== bootedAt) {
      table = { bootedAt, nextPid: 4100 + ((index * 37) % 900), created: new Map(), killed: new Set() };
      tables.set(index, table);
    }
    const forgetBefore = clock.now() - clock.scaled(PROCESS_RETENTION_MS);
    for (const [pid, process] of table.created) if (process.endsAt <= forgetBefore) table.created.delete(pid);
    return table;
  };

  /** Body first (the vAPI layer validates it), then the machine, then the guest login. */
  const enter = (index: number, body: unknown): { vm: VmRecord; account: Account; table: ProcessTable } => {
    requireField(body, 'credentials');
    const vm = inventory.vms[index] as VmRecord;
    state.requireGuestOperations(index);
    const account = guestLogin(vm, body);
    return { vm, account, table: tableOf(index) };
  };

  const running = (vm: VmRecord, table: ProcessTable): SystemProcess[] =>
    systemProcesses(vm.os.family, vm.role).filter((p) => !table.killed.has(p.pid));
  const systemStart = (table: ProcessTable, pid: number): number => table.bootedAt + 1500 + pid * 3;

  return {
    create(index, body, flavour) {
      const spec = requireField(body, 'spec');
      const path = optionalString(spec, 'path');
      if (path === undefined) throw invalid('spec.path', 'Missing required field spec.path.');
      const args = optionalString(spec, 'arguments') ?? '';
      optionalString(spec, 'working_directory');
      flavour.readMap(spec.environment_variables, 'spec.environment_variables');
      const { vm, account, table } = enter(index, body);
      if (spec.start_minimized === true && vm.os.family !== 'WINDOWS')
        throw invalid('spec.start_minimized', 'start_minimized is only supported in Windows guests.');
      const verdict = resolveProgram(vm.os.family, path, account.admin);
      if (verdict.kind === 'invalid') throw invalid('spec.path', `Invalid spec.path: ${verdict.why}.`);
      if (verdict.kind === 'missing')
        throw new VapiError(
          'NOT_FOUND',
          [message('com.vmware.api.vcenter.vm.guest.file_not_found', `File ${path} was not found.`, path)],
          { data: { file_path: path } },
        );
      if (verdict.kind === 'denied')
        throw vapiError(
          'UNAUTHORIZED',
          'com.vmware.api.vcenter.vm.guest.permission_denied',
          `User ${account.user} may not run ${path}.`,
          path,
        );
      if (verdict.kind === 'directory')
        throw vapiError(
          'UNABLE_TO_ALLOCATE_RESOURCE',
          'com.vmware.api.vcenter.vm.guest.processes.start_failed',
          `The program ${path} could not be started: it is a directory.`,
          path,
        );
      const run = runProgram(verdict.name, args, vm.role);
      const pid = table.nextPid++;
      const startedAt = clock.now();
      // Output redirected to files (the way Invoke-VMScript captures it) is there once the program ends.
      const redirects = redirectsOf(args);
      const output = programOutput(verdict.name, args, {
        role: vm.role,
        host: vm.name,
        user: account.user,
        family: vm.os.family,
      });
      const endsAt = startedAt + clock.scaled(run.durationMs);
      if (redirects.stdout) files.write(index, redirects.stdout, output.stdout, endsAt, account.user);
      if (redirects.stderr) files.write(index, redirects.stderr, output.stderr, endsAt, account.user);
      table.created.set(pid, {
        pid,
        name: verdict.name,
        owner: account.user,
        command: `"${path}"${args ? ` ${args}` : ''}`,
        startedAt,
        endsAt,
        exitCode: run.exitCode,
      });
      return pid;
    },
    list(index, body) {
      const { vm, table } = enter(index, body);
      const summary = (p: SystemProcess, startedAt: number): ProcessSummary => ({
        name: p.name,
        pid: p.pid,
        owner: p.owner,
        command: p.command,
        started: iso(startedAt),
      });
      return [
        ...running(vm, table).map((p) => summary(p, systemStart(table, p.pid))),
        ...[...table.created.values()].map((p) => summary(p, p.startedAt)),
      ];
    },
    get(index, pid, body) {
      const { vm, table } = enter(index, body);
      const created = table.created.get(pid);
      if (created) {
        const info: ProcessInfo = {
          name: created.name,
          owner: created.owner,
          command: created.command,
          started: iso(created.startedAt),
        };
        return clock.now() >= created.endsAt
          ? { ...info, finished: iso(created.endsAt), exit_code: created.exitCode }
          : info;
      }
      const system = running(vm, table).find((p) => p.pid === pid);
      if (!system) throw pidNotFound(vm, pid);
      return {
        name: system.name,
        owner: system.owner,
        command: system.command,
        started: iso(systemStart(table, pid)),
      };
    },
    remove(index, pid, body) {
      const { vm, account, table } = enter(index, body);
      const created = table.created.get(pid);
      const system = running(vm, table).find((p) => p.pid === pid);
      const alive = created ? clock.now() < created.endsAt : system !== undefined;
      if (!alive) throw pidNotFound(vm, pid);
      const owner = created?.owner ?? system?.owner;
      if (!account.admin && owner !== account.user)
        throw vapiError(
          'UNAUTHORIZED',
          'com.vmware.api.vcenter.vm.guest.processes.kill_denied',
          `User ${account.user} may not terminate process ${pid}.`,
          String(pid),
        );
      if (created) {
        // Killed by SIGTERM in Linux (128 + 15), TerminateProcess(1) in Windows.
        created.endsAt = clock.now();
        created.exitCode = vm.os.family === 'LINUX' ? 143 : 1;
      } else table.killed.add(pid);
    },
  };
}
