import type { ActionSpec, Machine } from '../../../common/machines';

/** vCenter's own operation names: the power calls (synchronous) and the guest power calls (VMware Tools). */
export const POWER_ACTIONS = ['start', 'stop', 'suspend', 'reset'] as const;
export const GUEST_ACTIONS = ['shutdown', 'reboot'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
export type GuestAction = (typeof GUEST_ACTIONS)[number];
export type VcenterAction = PowerAction | GuestAction;

export const isVcenterAction = (id: string): id is VcenterAction =>
  (POWER_ACTIONS as readonly string[]).includes(id) || (GUEST_ACTIONS as readonly string[]).includes(id);

// Shared by every call: frozen so that no caller can change them for the others.
const spec = (id: VcenterAction, label: string, disruptive: boolean, description: string): ActionSpec =>
  Object.freeze({ id, label, disruptive, options: [], description });

const START = spec('start', 'Power on', false, 'Powers the machine on.');
const RESUME = spec('start', 'Resume', false, 'Resumes the suspended machine where it stopped.');
const STOP = spec('stop', 'Power off', true, 'Hard power-off, like pulling the plug.');
const SUSPEND = spec('suspend', 'Suspend', false, 'Saves the memory to disk and pauses the machine.');
const RESET = spec('reset', 'Reset', true, 'Hard reset, like pressing the reset button.');
const SHUTDOWN = spec(
  'shutdown',
  'Shut down guest',
  true,
  'Asks the guest OS to shut down cleanly (VMware Tools).',
);
const REBOOT = spec('reboot', 'Restart guest', false, 'Asks the guest OS to restart cleanly (VMware Tools).');

const WHEN_STOPPED: readonly ActionSpec[] = [START];
const WHEN_SUSPENDED: readonly ActionSpec[] = [RESUME, STOP];
const WHEN_RUNNING: readonly ActionSpec[] = [SUSPEND, RESET, STOP];
const WHEN_RUNNING_WITH_TOOLS: readonly ActionSpec[] = [SHUTDOWN, REBOOT, ...WHEN_RUNNING];

/**
 * What the power state allows (vcenter.vm.Power and vcenter.vm.guest.Power rules): start when off or suspended
 * (it resumes), stop when on or suspended, suspend and reset when on, guest shutdown and reboot when on with
 * VMware Tools running (offered while that is unknown; vCenter answers 503 if they are not).
 */
export function vcenterActions(machine: Machine, toolsRunning: boolean | undefined): ActionSpec[] {
  switch (machine.power) {
    case 'stopped':
      return [...WHEN_STOPPED];
    case 'suspended':
      return [...WHEN_SUSPENDED];
    case 'running':
      return [...(toolsRunning === false ? WHEN_RUNNING : WHEN_RUNNING_WITH_TOOLS)];
    default:
      return [];
  }
}
