import type { VmRecord } from './data';
import { guestMac } from './render';
import type { Simulation } from './simulation';
import { toolsNotRunning } from './state';

/**
 * Guest networking (`GET .../guest/networking/interfaces`), as VMware Tools report it: one interface per network
 * card, its MAC and the guest's addresses. Like guest identity, only running Tools can tell (503 otherwise).
 */

/** The guest's IPv6 link-local address, derived from the MAC (modified EUI-64) as the guest would. */
function linkLocal(mac: string): string {
  const bytes = mac.split(':').map((part) => Number.parseInt(part, 16));
  const eui = [(bytes[0] ?? 0) ^ 2, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push((((eui[i] ?? 0) << 8) | (eui[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(':')}`;
}

/** `VcenterVmGuestNetworkingInterfacesInfo[]`. */
export function guestInterfaces(sim: Simulation, index: number): Record<string, unknown>[] {
  const vm = sim.inventory.vms[index] as VmRecord;
  if (!sim.state.toolsRunning(index)) throw toolsNotRunning(vm);
  const mac = guestMac(sim, vm);
  return [
    {
      nic: '4000',
      mac_address: mac,
      ip: {
        ip_addresses: [
          { ip_address: vm.ip, prefix_length: 16, origin: 'DHCP', state: 'PREFERRED' },
          { ip_address: linkLocal(mac), prefix_length: 64, origin: 'LINKLAYER', state: 'PREFERRED' },
        ],
      },
    },
  ];
}
