import type { LabResponse } from '../core/types';
import {
  expectationFailed,
  nodeNotOperational,
  permissionDenied,
  preconditionRequired,
  vmHasPendingTasks,
  vmNotOperational,
} from './errors';
import { type Call } from './http';
import { boolParam, text } from './params';
import {
  isHvm,
  NodeStatus,
  OsType,
  STATUS_KNOWN,
  VmStatus,
  type ApiView,
  type Iso,
  type NodeVmState,
  type Vm,
  type VmStatusCode,
} from './model';
import { failure, success } from './responses';
import { changeStatus } from './serializers';
import { taskAnswer } from './stream';
import { vmLogLine } from './task-log';
import type { TaskOutcome, TaskSpec } from './tasks';

/**
 * `PUT /vm/<vm>/status/(start|stop|reboot|current)/` and `GET .../status/current/`, in the decision order of
 * `api/vm/status/vm_status.py` `VmStatus.put()` (v4.6). Each check throws its documented error.
 */

const ACTIONS = ['start', 'stop', 'reboot', 'current'];
/** Statuses a VM can be started, stopped or rebooted from (`VmStatus.statuses`). */
const ACTIONABLE: ReadonlySet<number> = new Set([
  VmStatus.RUNNING,
  VmStatus.STOPPED,
  VmStatus.STOPPING,
  VmStatus.FROZEN,
]);
/** GET current and PUT current without questions (`statuses_force_change_allowed`). */
const READABLE: ReadonlySet<number> = new Set([
  VmStatus.RUNNING,
  VmStatus.STOPPED,
  VmStatus.STOPPING,
  VmStatus.ERROR,
]);
/** PUT current may repair these when no task is pending (`stuck_statuses_force_change_allowed`). */
const STUCK: ReadonlySet<number> = new Set([
  VmStatus.CREATING,
  VmStatus.DEPLOYING_START,
  VmStatus.DEPLOYING_FINISH,
  VmStatus.DEPLOYING_DUMMY,
  VmStatus.NOTREADY,
  VmStatus.NOTREADY_STOPPED,
  VmStatus.NOTREADY_RUNNING,
  VmStatus.NOTREADY_FROZEN,
  VmStatus.NOTREADY_NOTCREATED,
]);
/** `Vm.STATUS_DICT`: the node's word for a state, as a stored status. */
const FROM_NODE: Readonly<Record<NodeVmState, VmStatusCode>> = {
  running: VmStatus.RUNNING,
  stopped: VmStatus.STOPPED,
  stopping: VmStatus.STOPPING,
  '': VmStatus.NOTCREATED,
};

/** Simulated durations of the node commands, before the lab's time scale. */
const DURATION = {
  current: 1000,
  start: 4000,
  stop: 5000,
  reboot: 8000,
  forced: 1500,
  update: 2000,
  isoFail: 1500,
};

const hasTasks = (vm: Vm): boolean => (vm.tasks?.size ?? 0) > 0;

/** The task log message of a stop or reboot (`api/vm/messages.py`). */
function stopRebootMessage(action: string, force: boolean, update: boolean): string {
  const verb = action === 'reboot' ? 'reboot' : 'stop';
  if (update) return force ? `Update and force server ${verb}` : `Update and ${verb} server`;
  return force ? `Force server ${verb}` : `${verb === 'stop' ? 'Stop' : 'Reboot'} server`;
}

/** Applies the definition change on the node (`vmadm update`). */
function applyUpdate(vm: Vm): void {
  Object.assign(vm, vm.pendingUpdate);
  vm.pendingUpdate = undefined;
}

function queue(call: Call, vm: Vm, spec: Omit<TaskSpec, 'prefix' | 'vm' | 'username'>): LabResponse {
  // `execute()` pings the node's queue first: an unreachable node's worker does not answer (esdc-ce code; its
  // docs list a 423 instead).
  if (vm.node.status === NodeStatus.UNREACHABLE)
    return failure(call, `Task queue worker (${vm.node.hostname}) is not responding!`, vm);
  const task = call.state.tasks.queue({
    ...spec,
    prefix: { userId: call.user.id, type: 'e', ownerId: vm.owner.id, group: 'd', dcId: call.dc.id },
    vm,
    username: call.user.username,
  });
  // `execute()` could not take the VM's lock: another status task of the same kind is still running.
  return task ? taskAnswer(call, task) : failure(call, 'Task did not acquire lock', vm);
}

/** `get_current_status`: `vmadm list -o state` on the node; the callback may correct the DB. */
function currentStatus(call: Call, vm: Vm, force: boolean): LabResponse {
  if (vm.node.status === NodeStatus.OFFLINE) throw nodeNotOperational();
  return queue(call, vm, {
    apiview: { view: 'vm_status', method: call.req.method, action: 'current', hostname: vm.hostname },
    msg: '',
    detail: '',
    durationMs: DURATION.current,
    lockKey: `vm_status_current vm:${vm.uuid}`,
    complete(at): TaskOutcome {
      const state = FROM_NODE[vm.actual];
      const result = {
        hostname: vm.hostname,
        status: vm.actual || 'notcreated',
        status_changed: false,
        message: '',
      };
      // Without force only a "known" status is corrected (`_vm_status_check`); stuck ones need PUT.
      if (state === vm.status || !(force || STATUS_KNOWN.has(vm.status))) return { state: 'SUCCESS', result };
      return {
        state: 'SUCCESS',
        result: { ...result, status_changed: true },
        statusChangedTo: changeStatus(vm, state, at),
      };
    },
    revoke: () => undefined,
  });
}

/** GET .../status/current/ */
export function getCurrentStatus(call: Call, vm: Vm): LabResponse {
  if (!READABLE.has(vm.status)) throw vmNotOperational();
  return currentStatus(call, vm, false);
}

/** PUT .../status/current/: admins only; `force` as the published API documentation requires. */
function putCurrentStatus(call: Call, vm: Vm): LabResponse {
  if (!call.isAdmin) throw permissionDenied();
  if (!boolParam(call.data, 'force', false)) throw preconditionRequired('Force parameter must be used!');
  if (READABLE.has(vm.status)) return currentStatus(call, vm, true);
  if (!STUCK.has(vm.status)) throw vmNotOperational();
  if (hasTasks(vm)) throw vmHasPendingTasks();
  return currentStatus(call, vm, true);
}

/** Stop + freeze on a stopped VM, or stop + unfreeze on a frozen one: an immediate DB change, admins only. */
function freezeNow(call: Call, vm: Vm, status: VmStatusCode, message: string): LabResponse {
  if (!call.isAdmin) throw permissionDenied();
  const at = call.state.ctx.clock.now();
  const shown = changeStatus(vm, status, at);
  const answer = success(call, { message }, { vm });
  // vm_status_changed() logs the change under a dummy id with the answer's prefix.
  const prefix = { userId: call.user.id, type: 'd', ownerId: vm.owner.id, group: 'd', dcId: vm.dc.id };
  const line = { time: at, task: call.state.tasks.newId(prefix), status: 'SUCCESS' as const, taskType: 0 };
  call.state.log.add(vmLogLine(vm, call.user, { ...line, msg: 'Status of server changed', detail: shown }));
  return answer;
}

type FieldErrors = Record<string, string[]>;

/** `VmStatusActionIsoSerializer`: ISO names must be ones available for the VM's OS type. */
function isoChoice(call: Call, vm: Vm, field: string, errors: FieldErrors): Iso | undefined {
  const value = call.data[field];
  if (value === undefined || value === null || value === '') return undefined;
  const iso = call.state.data.isos.find((i) => i.name === text(value) && i.ostypes.includes(vm.ostype));
  if (!iso) errors[field] = [`Select a valid choice. ${text(value)} is not one of the available choices.`];
  return iso;
}

/** `VmStatusStopSerializer`: `timeout` exists for hardware VMs only (KVM), with a Windows default. */
function stopTimeout(call: Call, vm: Vm, errors: FieldErrors): number | null {
  if (!isHvm(vm.ostype)) return null;
  const raw = call.data.timeout;
  if (raw === undefined || raw === null || raw === '')
    return vm.ostype === OsType.WINDOWS ? vm.dc.stopTimeoutWindows : vm.dc.stopTimeoutDefault;
  const trimmed = text(raw).trim();
  if (!/^[-+]?\d+$/.test(trimmed)) errors.timeout = ['Enter a whole number.'];
  return Number.parseInt(trimmed, 10);
}

function startVm(call: Call, vm: Vm, apiview: ApiView): LabResponse {
  const errors: FieldErrors = {};
  const iso = isoChoice(call, vm, 'cdimage', errors);
  const iso2 = isoChoice(call, vm, 'cdimage2', errors);
  const once = boolParam(call.data, 'cdimage_once', true);
  if (Object.keys(errors).length) return failure(call, errors, vm);
  let detail = '';
  if (iso) {
    // A plain user may boot only the rescue CD on an installed VM.
    if (!call.isAdmin && vm.installed && iso.name !== vm.dc.rescueCd)
      throw preconditionRequired('VM is not installed');
    detail = `cdimage=${iso.name}${iso2 ? ` cdimage2=${iso2.name}` : ''}`;
  }
  const update = apiview.update === true;
  if (update) {
    if (hasTasks(vm)) throw vmHasPendingTasks();
    if (vm.pendingUpdate?.disk !== undefined) throw preconditionRequired('VM must be updated first');
  }
  const fails = iso !== undefined && !iso.onNodes;
  return queue(call, vm, {
    apiview,
    msg: `${update ? 'Update and start' : 'Start'} server${iso ? ' from CD image' : ''}`,
    detail,
    durationMs: fails ? DURATION.isoFail : DURATION.start + (update ? DURATION.update : 0),
    lockKey: `vm_status vm:${vm.uuid}`,
    complete(at): TaskOutcome {
      if (fails) {
        const message = `ISO image ${iso.name} is not available on compute node`;
        return {
          state: 'FAILURE',
          result: { returncode: 9, message, detail: `Got bad return code (9). Error: ${message}` },
        };
      }
      if (update) applyUpdate(vm);
      vm.actual = 'running';
      vm.lastCdimage = iso && !once ? iso.name : null;
      const message = `${update ? `Successfully updated VM ${vm.hostname}\n` : ''}Successfully started VM ${vm.hostname}`;
      return {
        state: 'SUCCESS',
        result: { message, returncode: 0 },
        statusChangedTo: changeStatus(vm, VmStatus.RUNNING, at),
      };
    },
    revoke: () => undefined,
  });
}

function stopOrReboot(call: Call, vm: Vm, action: string, apiview: ApiView): LabResponse {
  const errors: FieldErrors = {};
  const timeout = stopTimeout(call, vm, errors);
  if (Object.keys(errors).length) return failure(call, errors, vm);
  const force = boolParam(call.data, 'force', false);
  apiview.force = force;
  if (!force && timeout) apiview.timeout = timeout;
  const update = apiview.update === true;
  if (update) {
    if (hasTasks(vm)) throw vmHasPendingTasks();
    // A disk resize needs a zfs command, refused while snapshots exist (`VmManage.validate_update`).
    if (vm.pendingUpdate?.disk !== undefined && vm.snapshots > 0) throw expectationFailed('VM has snapshots');
  }
  if (vm.status === VmStatus.STOPPING) {
    if (update) throw preconditionRequired('Cannot perform update while VM is stopping');
    if (!force) throw vmNotOperational('VM is already stopping; try to use force');
  }
  const reboot = action === 'reboot';
  const freeze = apiview.freeze === true;
  // A guest that ignores ACPI holds a graceful stop for the whole timeout, then it is forced.
  const graceful =
    vm.slowShutdown && timeout ? timeout * 1000 + DURATION.forced : reboot ? DURATION.reboot : DURATION.stop;
  const previous = { status: vm.status, actual: vm.actual };
  const task = queue(call, vm, {
    apiview,
    msg: stopRebootMessage(action, force, update),
    detail: '',
    durationMs: (force ? DURATION.forced : graceful) + (update ? DURATION.update : 0),
    lockKey: `vm_status vm:${vm.uuid}${action === 'stop' && force && !update ? ' force' : ''}`,
    complete(at): TaskOutcome {
      if (update) applyUpdate(vm);
      const h = vm.hostname;
      const stopped = `Successfully completed stop for VM ${h}`;
      let message: string;
      if (reboot)
        message = update
          ? `${stopped}\nSuccessfully updated VM ${h}\nSuccessfully started VM ${h}`
          : `Successfully completed reboot for VM ${h}`;
      else message = update ? `${stopped}\nSuccessfully updated VM ${h}` : stopped;
      vm.actual = reboot ? 'running' : 'stopped';
      const status = reboot ? VmStatus.RUNNING : freeze ? VmStatus.FROZEN : VmStatus.STOPPED;
      return {
        state: 'SUCCESS',
        result: { message, returncode: 0 },
        statusChangedTo: changeStatus(vm, status, at),
      };
    },
    revoke(at) {
      // The killed vmadm leaves the guest as it was; the status goes back to what it was before.
      vm.actual = previous.actual;
      changeStatus(vm, previous.status, at);
    },
  });
  // The VM shows `stopping` at once, as soon as the task is queued (not for a repeated forced stop).
  if (task.status === 201 && previous.status !== VmStatus.STOPPING) {
    changeStatus(vm, VmStatus.STOPPING, call.state.ctx.clock.now());
    vm.actual = 'stopping';
  }
  return task;
}

/** PUT /vm/<vm>/status/[<action>/] */
export function putVmStatus(call: Call, vm: Vm, action: string | undefined): LabResponse {
  // get_vm() for a PUT refuses VMs on a node in maintenance; an unreachable one fails when queued (`queue`).
  if (vm.node.status === NodeStatus.OFFLINE) throw nodeNotOperational();
  if (!ACTIONABLE.has(vm.status) && action !== 'current') throw vmNotOperational();
  if (!action || !ACTIONS.includes(action)) throw expectationFailed('Bad action');
  const freeze = boolParam(call.data, 'freeze', false);
  const unfreeze = boolParam(call.data, 'unfreeze', false);
  const apiview: ApiView = {
    view: 'vm_status',
    method: 'PUT',
    action,
    hostname: vm.hostname,
    freeze,
    unfreeze,
  };
  const { status } = vm;
  const allowed =
    (action === 'start' && status === VmStatus.STOPPED && !freeze) ||
    (action === 'reboot' && status === VmStatus.RUNNING && !freeze) ||
    (action === 'stop' && (status === VmStatus.STOPPING || status === VmStatus.RUNNING));
  if (!allowed) {
    if (action === 'stop' && status === VmStatus.STOPPED && freeze)
      return freezeNow(
        call,
        vm,
        VmStatus.FROZEN,
        `VM ${vm.hostname} is already stopped. Changing status to frozen.`,
      );
    if (action === 'stop' && status === VmStatus.FROZEN && unfreeze)
      return freezeNow(call, vm, VmStatus.STOPPED, `Removing frozen status for VM ${vm.hostname}.`);
    if (action === 'current') return putCurrentStatus(call, vm);
    throw expectationFailed('Bad action');
  }
  if (action !== 'start' && vm.dc.noShutdown.has(vm.uuid))
    throw preconditionRequired("Internal VM can't be stopped");
  // `update` defaults to true for start and reboot; it only applies when the definition changed.
  apiview.update = vm.pendingUpdate !== undefined && boolParam(call.data, 'update', action !== 'stop');
  return action === 'start' ? startVm(call, vm, apiview) : stopOrReboot(call, vm, action, apiview);
}
