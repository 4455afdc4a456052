import { VantageError } from '../../../common/errors';
import type { Machine, PowerState } from '../../../common/machines';

/** `VcenterVMSummary`: cpu and memory are absent when the configuration cannot be read (inaccessible machines). */
export interface VmSummary {
  vm: string;
  name: string;
  power_state: string;
  cpu_count?: number;
  memory_size_MiB?: number;
}

/** `VcenterVmGuestIdentityInfo`: what VMware Tools report from inside the guest. */
export interface GuestIdentity {
  name?: string;
  family?: string;
  full_name?: { default_message?: string };
  host_name?: string;
  ip_address?: string;
}

const POWER: Readonly<Record<string, PowerState>> = {
  POWERED_ON: 'running',
  POWERED_OFF: 'stopped',
  SUSPENDED: 'suspended',
};

export const powerOf = (vendorState: string): PowerState => POWER[vendorState] ?? 'unknown';

/** One list answer to inventory rows. A plain loop: this runs for every machine of the estate. */
export function toMachines(
  value: unknown,
  profileId: string,
  host: string | undefined,
  updatedAt: string,
): Machine[] {
  if (!Array.isArray(value))
    throw new VantageError(
      'UPSTREAM',
      'vCenter answered the machine list with something that is not a list.',
      {
        body: value,
      },
    );
  const summaries = value as VmSummary[];
  const machines = new Array<Machine>(summaries.length);
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i] as VmSummary;
    machines[i] = {
      id: `${profileId}/${s.vm}`,
      profileId,
      vendor: 'vcenter',
      vendorId: s.vm,
      kind: 'vm',
      name: s.name,
      power: powerOf(s.power_state),
      vendorState: s.power_state,
      host,
      addresses: [],
      cpu: s.cpu_count,
      memoryMiB: s.memory_size_MiB,
      os: undefined,
      tags: [],
      updatedAt,
    };
  }
  return machines;
}

/** One network card as guest networking reports it (`VcenterVmGuestNetworkingInterfacesInfo`, the parts read). */
export interface GuestInterface {
  mac_address?: string;
  ip?: { ip_addresses: { ip_address: string; prefix_length: number; state: string }[] };
}

/**
 * The row with what the guest told about itself: its address and its operating system; `addresses` from guest
 * networking when guest identity names no primary one.
 */
export function withIdentity(
  machine: Machine,
  identity: GuestIdentity,
  updatedAt: string,
  addresses?: string[],
): Machine {
  const os = identity.full_name?.default_message ?? identity.name;
  return {
    ...machine,
    addresses: identity.ip_address ? [identity.ip_address] : (addresses ?? []),
    os: os ?? machine.os,
    updatedAt,
  };
}

/** The managed object number (`vm-1042` → 1042), to take "the first machines" in a stable order. */
export function morefNumber(vendorId: string): number {
  const dash = vendorId.lastIndexOf('-');
  const n = Number(vendorId.slice(dash + 1));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
