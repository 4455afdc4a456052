import type { LabResponse } from '../core/types';
import { invalidInput, notSupported, vmNotFound } from './errors';
import { canSeeDc, type Call, type Mount, type View } from './http';
import { boolParam, text } from './params';
import type { Vm } from './model';
import { success } from './responses';
import { dcObject, defineObject, statusItem, visibleTo, vmObject } from './serializers';
import { getCurrentStatus, putVmStatus } from './vm-status';

/** `get_vm`: by hostname or uuid, in the request's DC, and (for non-admins) owned by the caller. */
export function findVm(call: Call): Vm {
  const vm = call.state.data.vmsByKey.get(call.req.params.vm ?? '');
  if (!vm || vm.dc !== call.dc || !visibleTo(vm, call.user, call.isAdmin)) throw vmNotFound();
  return vm;
}

/** `get_vms` with `order_by` (only `hostname`, optionally `-hostname`); the list is kept sorted already. */
function listVms(call: Call): Vm[] {
  const order = call.data.order_by === undefined ? '' : text(call.data.order_by);
  const fields = order ? order.split(',').map((f) => f.trim()) : ['hostname'];
  if (!fields.every((f) => /^[-+]?hostname$/.test(f)))
    throw invalidInput('Invalid order_by; Possible sort fields are: hostname');
  const all = call.state.data.vmsByDc.get(call.dc.id) ?? [];
  const mine = call.isAdmin ? all : all.filter((vm) => vm.owner === call.user);
  return fields[0]?.startsWith('-') ? [...mine].reverse() : mine;
}

const vmView = (call: Call, now: number) => ({
  isAdmin: call.isAdmin,
  now,
  extended: boolParam(call.data, 'extended', false),
  active: boolParam(call.data, 'active', false),
});

/** GET /vm/: hostnames, or objects with `full` / `extended`. */
const vmList: View = (call) => {
  const vms = listVms(call);
  const view = vmView(call, call.state.ctx.clock.now());
  const full = view.extended || boolParam(call.data, 'full', false);
  return success(call, full ? vms.map((vm) => vmObject(vm, view)) : vms.map((vm) => vm.hostname));
};

/** Deploy, update and delete of VMs are outside this simulator. */
const notSimulated: View = () => {
  throw notSupported();
};

const statusView =
  (action?: 'current' | 'start' | 'stop' | 'reboot'): View =>
  (call): LabResponse => {
    const vm = findVm(call);
    if (call.req.method === 'PUT') return putVmStatus(call, vm, action);
    if (action === 'current') return getCurrentStatus(call, vm);
    return success(call, statusItem(vm, call.state.ctx.clock.now()), { vm });
  };

function dcViews(mount: Mount): void {
  mount.api('/api/dc/', {
    GET: (call) => {
      const dcs = call.state.data.dcs.filter((dc) => canSeeDc(call.user, dc));
      const full = boolParam(call.data, 'full', false) || boolParam(call.data, 'extended', false);
      return success(call, full ? dcs.map(dcObject) : dcs.map((dc) => dc.name));
    },
  });
  mount.api('/api/dc/:dc/', { GET: (call) => success(call, dcObject(call.dc)) });
}

export function vmRoutes(mount: Mount): void {
  const prefixed = { dcPrefix: true };
  mount.api('/api/vm/', { GET: vmList }, prefixed);
  mount.api(
    '/api/vm/:vm/',
    {
      GET: (call) => success(call, vmObject(findVm(call), vmView(call, call.state.ctx.clock.now()))),
      POST: notSimulated,
      PUT: notSimulated,
      DELETE: notSimulated,
    },
    prefixed,
  );
  mount.api(
    '/api/vm/define/',
    {
      GET: (call) =>
        success(
          call,
          listVms(call).map((vm) => defineObject(vm, call.isAdmin)),
        ),
    },
    prefixed,
  );
  mount.api(
    '/api/vm/:vm/define/',
    {
      GET: (call) => success(call, defineObject(findVm(call), call.isAdmin)),
      POST: notSimulated,
      PUT: notSimulated,
      DELETE: notSimulated,
    },
    prefixed,
  );
  mount.api(
    '/api/vm/status/',
    {
      GET: (call) =>
        success(
          call,
          listVms(call).map((vm) => statusItem(vm, call.state.ctx.clock.now())),
        ),
    },
    prefixed,
  );
  mount.api('/api/vm/:vm/status/', { GET: statusView(), PUT: statusView() }, prefixed);
  for (const action of ['current', 'start', 'stop', 'reboot'] as const)
    mount.api(
      `/api/vm/:vm/status/${action}/`,
      { GET: statusView(action), PUT: statusView(action) },
      prefixed,
    );
  dcViews(mount);
}
