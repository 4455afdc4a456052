import type { LabClock } from '../core/clock';
import type { Rng } from '../core/rng';
import type { LabContext } from '../core/types';
import { createInventory, vmIndexOf, type Inventory, type VmRecord } from './data';
import { vapiError } from './errors';
import { createGuestFiles, type GuestFiles } from './guest-files';
import { createGuestProcesses, type GuestProcesses } from './guest-processes';
import { createSessionManager, type SessionManager } from './sessions';
import { createVmState, type VmState } from './state';

/** Everything one vCenter holds; both flavours read and change this one state. */
export interface Simulation {
  clock: LabClock;
  inventory: Inventory;
  state: VmState;
  sessions: SessionManager;
  processes: GuestProcesses;
  files: GuestFiles;
  /** Seeds the per-machine details (uuids, MAC addresses) drawn only when a machine is read. */
  details: Rng;
}

export function createSimulation(ctx: LabContext): Simulation {
  const inventory = createInventory(ctx.rng.fork('inventory'), ctx.vms);
  const state = createVmState(inventory, ctx.clock);
  const files = createGuestFiles(inventory, state, ctx.clock);
  return {
    clock: ctx.clock,
    inventory,
    state,
    sessions: createSessionManager(ctx.clock, () => ctx.faults()),
    processes: createGuestProcesses(inventory, state, ctx.clock, files),
    files,
    details: ctx.rng.fork('details'),
  };
}

/** The machine named in the path, or 404 NOT_FOUND. */
export function requireVm(sim: Simulation, id: string | undefined): { index: number; vm: VmRecord } {
  const index = vmIndexOf(id, sim.inventory.vms.length);
  const vm = index === undefined ? undefined : sim.inventory.vms[index];
  if (index === undefined || !vm)
    throw vapiError(
      'NOT_FOUND',
      'com.vmware.api.vcenter.vm.not_found',
      `Virtual machine with identifier '${id ?? ''}' does not exist.`,
      id ?? '',
    );
  return { index, vm };
}
