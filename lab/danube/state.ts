import type { Rng } from '../core/rng';
import type { LabContext } from '../core/types';
import { createDanubeAuth, type DanubeAuth } from './auth';
import { generateDanubeData, type DanubeData } from './data';
import type { Dc, Vm } from './model';
import { makeTaskId } from './task-ids';
import { createTaskLog, vmLogLine, type LogEntry, type TaskLog, type TaskState } from './task-log';
import { createTaskEngine, type TaskEngine } from './tasks';

/** Everything one Danube simulator holds. */
export interface DanubeState {
  ctx: LabContext;
  data: DanubeData;
  auth: DanubeAuth;
  log: TaskLog;
  tasks: TaskEngine;
  dcsByName: Map<string, Dc>;
  dcsById: Map<number, Dc>;
}

const HISTORY: readonly (readonly [msg: string, state: TaskState, detail: (vm: Vm) => string])[] = [
  ['Start server', 'SUCCESS', (vm) => `Successfully started VM ${vm.hostname}`],
  ['Stop server', 'SUCCESS', (vm) => `Successfully completed stop for VM ${vm.hostname}`],
  ['Reboot server', 'SUCCESS', (vm) => `Successfully completed reboot for VM ${vm.hostname}`],
  ['Force server stop', 'SUCCESS', (vm) => `Successfully completed stop for VM ${vm.hostname}`],
  [
    'Start server from CD image',
    'FAILURE',
    () => 'Got bad return code (9). Error: ISO image is not available',
  ],
];

/** Some past activity, so that the task log and its statistics are not empty in a fresh lab. */
function seedHistory(rng: Rng, log: TaskLog, vms: readonly Vm[], now: number): void {
  const lines: LogEntry[] = [];
  for (let i = Math.min(60, vms.length); i > 0; i--) {
    const vm = rng.pick(vms);
    const [msg, state, detail] = rng.pick(HISTORY);
    const task = makeTaskId(rng, {
      userId: vm.owner.id,
      type: 'e',
      ownerId: vm.owner.id,
      group: 'd',
      dcId: vm.dc.id,
    });
    const time = now - rng.int(120, 2 * 86_400) * 1000;
    lines.push(
      vmLogLine(vm, vm.owner, { time, task, status: 'PENDING', msg, detail: '' }),
      vmLogLine(vm, vm.owner, {
        time: time + rng.int(2, 40) * 1000,
        task,
        status: state,
        msg,
        detail: detail(vm),
      }),
    );
  }
  for (const line of lines.sort((a, b) => a.time - b.time)) log.add(line);
}

export function createDanubeState(ctx: LabContext): DanubeState {
  const now = ctx.clock.now();
  const data = generateDanubeData(ctx.rng.fork('data'), ctx.vms, now);
  const log = createTaskLog();
  seedHistory(ctx.rng.fork('history'), log, [...data.vmsByDc.values()].flat(), now);
  return {
    ctx,
    data,
    auth: createDanubeAuth(ctx, data.users),
    log,
    tasks: createTaskEngine(ctx.clock, ctx.rng.fork('task-ids'), log),
    dcsByName: new Map(data.dcs.map((dc) => [dc.name, dc])),
    dcsById: new Map(data.dcs.map((dc) => [dc.id, dc])),
  };
}
