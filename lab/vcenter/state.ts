import type { LabClock } from '../core/clock';
import type { Inventory, PowerState, VmRecord } from './data';
import { vapiError, VapiError, message } from './errors';

/** Power operations: synchronous, the call answers once the operation is over (four-vendors.md §4.4). */
export type PowerOp = 'start' | 'stop' | 'suspend' | 'reset';
/** Guest (VMware Tools) power operations: the call answers at once, the guest works on (§4.4). */
export type GuestPowerOp = 'shutdown' | 'reboot' | 'standby';

/** Simulated durations, before the lab's time scale. */
export const POWER_DURATION_MS: Readonly<Record<PowerOp, number>> = {
  start: 2000,
  stop: 1500,
  suspend: 3000,
  reset: 2000,
};
export const GUEST_DURATION_MS: Readonly<Record<GuestPowerOp, number>> = {
  shutdown: 20_000,
  reboot: 30_000,
  standby: 10_000,
};
/** VMware Tools answer this long after the guest has booted (and after a resume). */
export const TOOLS_BOOT_MS = 30_000;
export const TOOLS_RESUME_MS = 1000;

const POWER_CODES: readonly PowerState[] = ['POWERED_OFF', 'POWERED_ON', 'SUSPENDED'];
const CODE_OF: Readonly<Record<PowerState, number>> = { POWERED_OFF: 0, POWERED_ON: 1, SUSPENDED: 2 };

interface Pending {
  op: PowerOp | `guest-${GuestPowerOp}`;
  until: number;
}

export type GuestPowerState =
  'RUNNING' | 'SHUTTING_DOWN' | 'RESETTING' | 'STANDBY' | 'NOT_RUNNING' | 'UNAVAILABLE';

export interface VmState {
  power(index: number): PowerState;
  /** `VcenterVmPowerInfo`: `clean_power_off` only when powered off. */
  powerInfo(index: number): { state: PowerState; clean_power_off?: boolean };
  guestPower(index: number): { state: GuestPowerState; operations_ready: boolean };
  toolsRunning(index: number): boolean;
  /** When the guest last booted: processes started before that are gone. */
  bootedAt(index: number): number;
  /** Checks the power rules and starts the operation; returns when it is over (the clock's time). */
  beginPower(index: number, op: PowerOp): number;
  beginGuestPower(index: number, op: GuestPowerOp): void;
  /** Throws the documented refusal unless guest operations (processes) can run now. */
  requireGuestOperations(index: number): void;
  /** Settles every machine whose operation is over (before filtering a list by power state). */
  settleAll(): void;
}

const STATE_TEXT: Readonly<Record<PowerState, string>> = {
  POWERED_OFF: 'Powered off',
  POWERED_ON: 'Powered on',
  SUSPENDED: 'Suspended',
};

/** vCenter stacks a specific message and the generic `InvalidPowerState` one (fixture of a stop on a stopped VM). */
function powerStateError(
  kind: 'ALREADY_IN_DESIRED_STATE' | 'NOT_ALLOWED_IN_CURRENT_STATE',
  state: PowerState,
  specific?: [id: string, text: string],
): VapiError {
  const generic = message(
    'vmsg.InvalidPowerState.summary',
    `The attempted operation cannot be performed in the current state (${STATE_TEXT[state]}).`,
  );
  return new VapiError(kind, specific ? [message(...specific), generic] : [generic]);
}

const ALREADY: Readonly<Record<PowerState, [string, string]>> = {
  POWERED_OFF: [
    'com.vmware.api.vcenter.vm.power.already_powered_off',
    'Virtual machine is already powered off.',
  ],
  POWERED_ON: [
    'com.vmware.api.vcenter.vm.power.already_powered_on',
    'Virtual machine is already powered on.',
  ],
  SUSPENDED: ['com.vmware.api.vcenter.vm.power.already_suspended', 'Virtual machine is already suspended.'],
};

/** The state rules of each operation, from the SDK docstrings (vcenter.vm.Power, vcenter.vm.guest.Power). */
function checkTransition(op: PowerOp | GuestPowerOp, state: PowerState): void {
  const already = (): VapiError => powerStateError('ALREADY_IN_DESIRED_STATE', state, ALREADY[state]);
  const notAllowed = (): VapiError => powerStateError('NOT_ALLOWED_IN_CURRENT_STATE', state);
  switch (op) {
    case 'start':
      if (state === 'POWERED_ON') throw already();
      return;
    case 'stop':
      if (state === 'POWERED_OFF') throw already();
      return;
    case 'suspend':
    case 'standby':
      if (state === 'SUSPENDED') throw already();
      if (state === 'POWERED_OFF') throw notAllowed();
      return;
    case 'shutdown':
      // A real vCenter refuses a guest shutdown of a powered-off machine as not allowed (no guest to ask), not as
      // already done, whatever the docstring suggests.
      if (state !== 'POWERED_ON') throw notAllowed();
      return;
    case 'reset':
    case 'reboot':
      if (state !== 'POWERED_ON') throw notAllowed();
      return;
  }
}

function busy(vm: VmRecord): VapiError {
  return vapiError(
    'RESOURCE_BUSY',
    'com.vmware.api.vcenter.vm.busy',
    `Virtual machine ${vm.id} is performing another operation.`,
    vm.id,
  );
}

export function toolsNotRunning(vm: VmRecord): VapiError {
  return vapiError(
    'SERVICE_UNAVAILABLE',
    'com.vmware.api.vcenter.vm.guest.tools_not_running',
    `VMware Tools is not running in virtual machine ${vm.id}.`,
    vm.id,
  );
}

function template(vm: VmRecord): VapiError {
  return vapiError(
    'UNSUPPORTED',
    'com.vmware.api.vcenter.vm.power.template',
    `Virtual machine ${vm.id} is marked as a template and cannot be powered on.`,
    vm.id,
  );
}

export function inaccessible(vm: VmRecord): VapiError {
  return vapiError(
    'RESOURCE_INACCESSIBLE',
    'com.vmware.api.vcenter.vm.inaccessible',
    `The configuration of virtual machine ${vm.id} cannot be accessed.`,
    vm.id,
  );
}

/**
 * Power and guest state of every machine. Lazy: an operation records when it ends, and the state is brought up to
 * date whenever it is read, so there are no timers and untouched machines cost nothing.
 */
export function createVmState(inventory: Inventory, clock: LabClock): VmState {
  const { vms } = inventory;
  const now = (): number => clock.now();
  const started = now();
  const power = Uint8Array.from(vms, (vm) => CODE_OF[vm.power]);
  const clean = Uint8Array.from(vms, (vm) => (vm.cleanPowerOff ? 1 : 0));
  const booted = Float64Array.from(vms, (vm) => (vm.power === 'POWERED_OFF' ? 0 : started - vm.uptimeMs));
  const toolsAt = Float64Array.from(booted);
  const pending = new Map<number, Pending>();

  const settle = (i: number): void => {
    const op = pending.get(i);
    if (!op || now() < op.until) return;
    pending.delete(i);
    if (op.op === 'stop' || op.op === 'guest-shutdown') {
      power[i] = CODE_OF.POWERED_OFF;
      clean[i] = op.op === 'guest-shutdown' ? 1 : 0;
    } else if (op.op === 'suspend' || op.op === 'guest-standby') power[i] = CODE_OF.SUSPENDED;
    else power[i] = CODE_OF.POWERED_ON;
  };
  const stateOf = (i: number): PowerState => {
    settle(i);
    return POWER_CODES[power[i] ?? 0] ?? 'POWERED_OFF';
  };
  const vmAt = (i: number): VmRecord => vms[i] as VmRecord;
  const toolsRunning = (i: number): boolean =>
    stateOf(i) === 'POWERED_ON' && vmAt(i).tools !== 'none' && now() >= (toolsAt[i] ?? 0);

  /** Hard operations (stop, reset) may interrupt a guest operation; anything else waits for the machine. */
  const checkBusy = (i: number, op: PowerOp | GuestPowerOp): void => {
    const current = pending.get(i);
    if (!current) return;
    const interruptible = current.op.startsWith('guest-') && (op === 'stop' || op === 'reset');
    if (!interruptible) throw busy(vmAt(i));
  };

  return {
    power: stateOf,
    powerInfo(i) {
      const state = stateOf(i);
      return state === 'POWERED_OFF' ? { state, clean_power_off: clean[i] === 1 } : { state };
    },
    guestPower(i) {
      const state = stateOf(i);
      const op = pending.get(i)?.op;
      if (op === 'guest-shutdown') return { state: 'SHUTTING_DOWN', operations_ready: false };
      if (op === 'guest-reboot' || op === 'reset') return { state: 'RESETTING', operations_ready: false };
      if (op === 'guest-standby') return { state: 'STANDBY', operations_ready: false };
      if (state !== 'POWERED_ON') return { state: 'NOT_RUNNING', operations_ready: false };
      if (vmAt(i).tools === 'none') return { state: 'UNAVAILABLE', operations_ready: false };
      return toolsRunning(i)
        ? { state: 'RUNNING', operations_ready: true }
        : { state: 'NOT_RUNNING', operations_ready: false };
    },
    toolsRunning,
    bootedAt: (i) => booted[i] ?? 0,
    beginPower(i, op) {
      const vm = vmAt(i);
      const state = stateOf(i);
      if (op === 'start' && vm.special === 'template') throw template(vm);
      if (op === 'start' && vm.special === 'inaccessible') throw inaccessible(vm);
      checkBusy(i, op);
      checkTransition(op, state);
      if (op === 'start' && vm.special === 'locked')
        throw vapiError(
          'RESOURCE_IN_USE',
          'com.vmware.api.vcenter.vm.power.file_locked',
          `Unable to power on ${vm.id}: its configuration file is locked by another host.`,
          vm.id,
        );
      if (op === 'start' && vm.special === 'oversized')
        throw vapiError(
          'UNABLE_TO_ALLOCATE_RESOURCE',
          'com.vmware.api.vcenter.vm.power.insufficient_resources',
          `Unable to power on ${vm.id}: no host has ${vm.memoryMiB} MiB of memory to give it.`,
          vm.id,
        );
      const duration = clock.scaled(POWER_DURATION_MS[op]);
      const until = now() + duration;
      pending.set(i, { op, until });
      if (op === 'reset' || (op === 'start' && state === 'POWERED_OFF')) {
        booted[i] = until;
        toolsAt[i] = until + clock.scaled(TOOLS_BOOT_MS);
      } else if (op === 'start') toolsAt[i] = until + clock.scaled(TOOLS_RESUME_MS);
      return until;
    },
    beginGuestPower(i, op) {
      const vm = vmAt(i);
      if (vm.special === 'template') throw template(vm);
      checkTransition(op, stateOf(i));
      checkBusy(i, op);
      if (!toolsRunning(i)) throw toolsNotRunning(vm);
      const until = now() + clock.scaled(GUEST_DURATION_MS[op]);
      pending.set(i, { op: `guest-${op}`, until });
      if (op === 'reboot') {
        // Tools stop with the guest and answer again once it is back.
        booted[i] = until;
        toolsAt[i] = until;
      }
    },
    requireGuestOperations(i) {
      const vm = vmAt(i);
      const state = stateOf(i);
      if (state !== 'POWERED_ON')
        throw vapiError(
          'NOT_ALLOWED_IN_CURRENT_STATE',
          'com.vmware.api.vcenter.vm.guest.not_running',
          `Virtual machine ${vm.id} is not running (${STATE_TEXT[state]}).`,
          vm.id,
        );
      const op = pending.get(i)?.op;
      // A guest on its way down still answers until the end; a power operation holds the machine.
      if (op && !op.startsWith('guest-')) throw busy(vm);
      if (!toolsRunning(i)) throw toolsNotRunning(vm);
      if (vm.tools === 'old')
        throw vapiError(
          'UNSUPPORTED',
          'com.vmware.api.vcenter.vm.guest.tools_too_old',
          `The version of VMware Tools in virtual machine ${vm.id} does not support guest operations.`,
          vm.id,
        );
    },
    settleAll() {
      for (const i of [...pending.keys()]) settle(i);
    },
  };
}
