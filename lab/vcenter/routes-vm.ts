import { randomBytes } from 'node:crypto';

import { waitUntil } from '../core/clock';
import { type VmRecord } from './data';
import { done, result, type Call, type Endpoint } from './endpoints';
import { vapiError } from './errors';
import { byKey, byLineage, listMatching } from './listing';
import { guestIdentity, toolsInfo, vmInfo, vmSummary } from './render';
import { guestInterfaces } from './guest-networking';
import { requireVm, type Simulation } from './simulation';
import { inaccessible, type GuestPowerOp, type PowerOp } from './state';
import { isRecord } from './values';

const POWER_STATES = ['POWERED_OFF', 'POWERED_ON', 'SUSPENDED'];
const POWER_OPS: readonly PowerOp[] = ['start', 'stop', 'suspend', 'reset'];
const GUEST_POWER_OPS: readonly GuestPowerOp[] = ['shutdown', 'reboot', 'standby'];

/** The VM list caps: 1000 in the 6.5/6.7 `/rest` docs, 4000 in 7.0 (four-vendors.md §4.3). */
export const VM_LIST_CAP = { rest: 1000, api: 4000 } as const;

/** A GET of one machine's view. */
function vmRead(sim: Simulation, path: string, view: (index: number, call: Call) => unknown): Endpoint {
  return {
    method: 'GET',
    path,
    handler: (call) => result(view(requireVm(sim, call.req.params.vm).index, call)),
  };
}

/** One-time console ticket URIs (their exact form is inferred: four-vendors.md §4.6). */
function consoleTicket(sim: Simulation, call: Call, index: number, vm: VmRecord): string {
  const body = call.req.body;
  // /api sends the CreateSpec as the body, /rest wraps it: {"spec": {"type": ...}}.
  const spec = call.flavour.id === 'rest' && isRecord(body) ? body.spec : body;
  const type = isRecord(spec) ? spec.type : undefined;
  if (type !== 'VMRC' && type !== 'WEBMKS')
    throw vapiError(
      'INVALID_ARGUMENT',
      'vapi.bindings.typeconverter.enum.invalid',
      `Invalid console ticket type '${String(type)}': expected VMRC or WEBMKS.`,
      String(type),
    );
  if (vm.special === 'inaccessible') throw inaccessible(vm);
  const secret = randomBytes(16).toString('hex');
  if (type === 'VMRC') {
    const thumbprint = randomBytes(20).toString('hex').toUpperCase().match(/../g)?.join('-') ?? '';
    const vcenter = call.req.headers.host ?? 'vcenter.lab.vantage.invalid';
    return `vmrc://clone:cst-${secret}--tp-${thumbprint}@${vcenter}/?moid=${vm.id}`;
  }
  // A WebMKS ticket names the ESXi host running the machine, so it needs a running machine.
  if (sim.state.power(index) !== 'POWERED_ON')
    throw vapiError(
      'NOT_ALLOWED_IN_CURRENT_STATE',
      'com.vmware.api.vcenter.vm.console.tickets.powered_off',
      `Virtual machine ${vm.id} is not powered on: a WEBMKS ticket needs a running machine.`,
      vm.id,
    );
  const host = sim.inventory.hosts[vm.host]?.name ?? 'esx.lab.vantage.invalid';
  return `wss://${host}:443/ticket/${secret}`;
}

export function vmEndpoints(sim: Simulation): Endpoint[] {
  const { inventory, state, clock } = sim;
  const { vms, folders, datacenters, clusters, hosts, pools } = inventory;
  const everyVm = Array.from(vms, (_, i) => i);
  const vmAt = (i: number): VmRecord => vms[i] as VmRecord;

  return [
    {
      method: 'GET',
      path: '/vcenter/vm',
      handler: (call) =>
        listMatching<number>(call, {
          items: everyVm,
          filters: [
            byKey('vms', (i) => vmAt(i).id),
            byKey('names', (i) => vmAt(i).name),
            byLineage('folders', (i) => folders[vmAt(i).folder]?.lineage ?? []),
            byKey('datacenters', (i) => datacenters[vmAt(i).datacenter]?.id),
            byKey('hosts', (i) => hosts[vmAt(i).host]?.id),
            byKey('clusters', (i) => clusters[vmAt(i).cluster]?.id),
            byLineage('resource_pools', (i) => pools[vmAt(i).pool]?.lineage ?? []),
            byKey('power_states', (i) => state.power(i), POWER_STATES),
          ],
          cap: VM_LIST_CAP,
          tooMany: {
            id: 'com.vmware.api.vcenter.vm.too_many_matches',
            text: 'Too many virtual machines. Add more filter criteria to reduce the number.',
          },
          summary: (i) => vmSummary(sim, i),
        }),
    },
    vmRead(sim, '/vcenter/vm/:vm', (i, call) => vmInfo(sim, i, call.flavour)),
    vmRead(sim, '/vcenter/vm/:vm/power', (i) => {
      const vm = vmAt(i);
      if (vm.special === 'inaccessible') throw inaccessible(vm);
      return state.powerInfo(i);
    }),
    ...POWER_OPS.map((op): Endpoint => ({
      method: 'POST',
      path: { rest: `/vcenter/vm/:vm/power/${op}`, api: '/vcenter/vm/:vm/power' },
      action: { api: op },
      privileged: true,
      // Synchronous: the answer comes when the operation is over.
      handler: async (call) => {
        await waitUntil(clock, state.beginPower(requireVm(sim, call.req.params.vm).index, op));
        return done;
      },
    })),
    vmRead(sim, '/vcenter/vm/:vm/guest/power', (i) => state.guestPower(i)),
    ...GUEST_POWER_OPS.map((op): Endpoint => ({
      method: 'POST',
      path: '/vcenter/vm/:vm/guest/power',
      action: op,
      privileged: true,
      // Returns at once; the guest shuts down (reboots, sleeps) on its own time.
      handler: (call) => {
        state.beginGuestPower(requireVm(sim, call.req.params.vm).index, op);
        return done;
      },
    })),
    vmRead(sim, '/vcenter/vm/:vm/guest/identity', (i) => guestIdentity(sim, i)),
    vmRead(sim, '/vcenter/vm/:vm/tools', (i) => toolsInfo(sim, i)),
    vmRead(sim, '/vcenter/vm/:vm/guest/networking/interfaces', (i) => guestInterfaces(sim, i)),
    {
      method: 'POST',
      path: '/vcenter/vm/:vm/console/tickets',
      privileged: true,
      handler: (call) => {
        const { index, vm } = requireVm(sim, call.req.params.vm);
        return result({ ticket: consoleTicket(sim, call, index, vm) }, true);
      },
    },
  ];
}
