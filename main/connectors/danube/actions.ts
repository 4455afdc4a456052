import type { ActionOption, ActionSpec, Machine } from '../../../common/machines';
import { isZone } from './mapping';

/**
 * `ActionSpec` plus who may run it: Danube lets administrators alone freeze, unfreeze and overwrite a recorded
 * status (`common/machines.ts` has the flag on options only).
 */
export interface DanubeActionSpec extends ActionSpec {
  adminOnly?: boolean;
}

const FORCE: ActionOption = {
  id: 'force',
  label: 'Force',
  type: 'boolean',
  help: 'Pulls the plug instead of asking the guest to shut down.',
};
const TIMEOUT: ActionOption = {
  id: 'timeout',
  label: 'Shutdown timeout (seconds)',
  type: 'number',
  min: 1,
  max: 86_400,
  help: 'How long the guest may take to shut down before Danube forces it: 180 s unless set (300 s for Windows). Ignored with force.',
  ignoredWith: ['force'],
};
const FREEZE: ActionOption = {
  id: 'freeze',
  label: 'Freeze once stopped',
  type: 'boolean',
  help: 'Leaves the VM frozen: nobody can start it until an administrator unfreezes it.',
};
/**
 * Options Danube turns on unless told otherwise: a yes/no choice, left empty for Danube's default, because an
 * unticked box sends nothing and could never turn them off.
 */
const YES_NO = ['yes', 'no'];
const APPLY_UPDATE = {
  id: 'update',
  label: 'Apply the pending configuration change',
  help: 'Applies a changed definition (CPU, RAM, disks) on the node, if there is one.',
} as const;
const UPDATE_ON: ActionOption = {
  ...APPLY_UPDATE,
  type: 'choice',
  choices: YES_NO,
  help: `${APPLY_UPDATE.help} Danube does it unless you choose no.`,
};
const UPDATE_OFF: ActionOption = {
  ...APPLY_UPDATE,
  type: 'boolean',
  help: `${APPLY_UPDATE.help} Danube does it only when asked.`,
};
const CDIMAGE: ActionOption = {
  id: 'cdimage',
  label: 'Boot from CD image',
  type: 'text',
  help: "Name of an ISO image, e.g. rescuecd.iso. Non-administrators may boot only the datacenter's rescue CD on an installed VM.",
};
const CDIMAGE2: ActionOption = {
  id: 'cdimage2',
  label: 'Second CD image',
  type: 'text',
  help: 'Another ISO image in a second drive (with a first CD image only), e.g. drivers.',
};
const CDIMAGE_ONCE: ActionOption = {
  id: 'cdimage_once',
  label: 'Eject the CD images after this boot',
  type: 'choice',
  choices: YES_NO,
  help: 'Danube ejects them after this one boot unless you choose no.',
};

const START: DanubeActionSpec = {
  id: 'start',
  label: 'Start',
  disruptive: false,
  options: [UPDATE_ON, CDIMAGE, CDIMAGE2, CDIMAGE_ONCE],
  description: 'Boots the VM, applying a pending configuration change first.',
};
const stop = (zone: boolean): DanubeActionSpec => ({
  id: 'stop',
  label: 'Stop',
  disruptive: true,
  options: zone ? [FORCE, FREEZE, UPDATE_OFF] : [FORCE, TIMEOUT, FREEZE, UPDATE_OFF],
  description: zone
    ? 'Shuts the zone down.'
    : 'Asks the guest to shut down; forces it off after the timeout.',
});
const reboot = (zone: boolean): DanubeActionSpec => ({
  id: 'reboot',
  label: 'Reboot',
  disruptive: true,
  options: zone ? [FORCE, UPDATE_ON] : [FORCE, TIMEOUT, UPDATE_ON],
  description: 'Restarts the VM, applying a pending configuration change on the way.',
});
const FORCE_STOP: DanubeActionSpec = {
  id: 'stop',
  label: 'Force stop',
  disruptive: true,
  options: [{ ...FORCE, help: 'Needed: Danube refuses a second graceful stop of a VM that is stopping.' }],
  description: 'The VM is already stopping: only a forced stop is possible now.',
};
const FREEZE_NOW: DanubeActionSpec = {
  id: 'freeze',
  label: 'Freeze',
  disruptive: false,
  adminOnly: true,
  options: [],
  description: 'Marks the stopped VM frozen, so that nobody can start it (administrators only).',
};
const UNFREEZE: DanubeActionSpec = {
  id: 'unfreeze',
  label: 'Unfreeze',
  disruptive: false,
  adminOnly: true,
  options: [],
  description: 'Lifts the frozen mark; the VM stays stopped (administrators only).',
};
const STATUS_CURRENT: DanubeActionSpec = {
  id: 'status-current',
  label: 'Refresh status from the node',
  disruptive: false,
  harmless: true,
  options: [],
  description:
    "Asks the compute node for the VM's real state; Danube corrects a recorded status that drifted.",
};
/** The seed's words for `PUT .../status/current/` (seed 002). */
const INTERNAL_USE_WARNING =
  'Danube Cloud warns: “This API call is intended for internal administrative purposes only and should be used with care.”';
/** `data.force`: sent only when chosen; a 428 “Force parameter must be used” leads back here with it ticked. */
const FORCE_CHANGE: ActionOption = {
  id: 'force',
  label: 'Force the change',
  type: 'boolean',
  adminOnly: true,
  help: `Needed when Danube Cloud refuses a plain update (428 “Force parameter must be used”). ${INTERNAL_USE_WARNING}`,
};
const STATUS_CURRENT_FORCE: DanubeActionSpec = {
  id: 'status-current-force',
  label: 'Overwrite status from the node',
  disruptive: false,
  adminOnly: true,
  options: [FORCE_CHANGE],
  description: `Records whatever the node reports, also for a VM stuck deploying or not ready (administrators only). ${INTERNAL_USE_WARNING}`,
};

const STOP_KVM = stop(false);
const STOP_ZONE = stop(true);
const REBOOT_KVM = reboot(false);
const REBOOT_ZONE = reboot(true);

/** Statuses a forced status read may repair when no task is pending (`stuck_statuses_force_change_allowed`). */
const STUCK = new Set(['deploying', 'notready', 'stopped-', 'running-', 'frozen-', 'notcreated-']);

/**
 * What Danube allows in each recorded status (`VmStatus.put()`, §1.7): start when stopped, stop and reboot when
 * running, only a forced stop when stopping, nothing but unfreeze when frozen; reading the node's state when
 * running, stopped, stopping or in error. A VM whose node is down (power `unknown`) allows nothing.
 */
export function danubeActions(machine: Machine): DanubeActionSpec[] {
  if (machine.power === 'unknown') return [];
  const refresh = [STATUS_CURRENT, STATUS_CURRENT_FORCE];
  const state = machine.vendorState;
  // A start in progress keeps the recorded `stopped`: no second status action until it ends.
  if (machine.power === 'transitioning' && (state === 'running' || state === 'stopped')) return refresh;
  const zone = isZone(machine.os);
  switch (state) {
    case 'running':
      return [zone ? STOP_ZONE : STOP_KVM, zone ? REBOOT_ZONE : REBOOT_KVM, ...refresh];
    case 'stopped':
      return [START, FREEZE_NOW, ...refresh];
    case 'stopping':
      return [FORCE_STOP, ...refresh];
    case 'frozen':
      return [UNFREEZE];
    case 'error':
      return refresh;
    default:
      return STUCK.has(state) ? [STATUS_CURRENT_FORCE] : [];
  }
}
