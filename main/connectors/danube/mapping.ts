import type { Machine, PowerState } from '../../../common/machines';

/** An item of `GET /vm/?full=true` (`VmSerializer`, §1.8). */
export interface VmRecord {
  hostname: string;
  alias?: string;
  /** The node's hostname for admins, its colour (`#a1b2c3`) for everybody else. */
  node?: string | null;
  status?: string;
  node_status?: string;
  vcpus?: number;
  ram?: number;
  ips?: string[];
}

/** An item of `GET /vm/define/` (`VmDefineSerializer`): the only list that carries the OS type. */
export interface DefineRecord {
  hostname: string;
  ostype?: number;
  tags?: string[];
}

/** An item of `GET /vm/status/` (`VmStatusSerializer`): pending tasks as task id -> apiview. */
export interface StatusRecord {
  hostname: string;
  tasks?: Record<string, { view?: string; action?: string }>;
}

/** REST `status` strings (§1.6) in the common vocabulary; `notready` and its `<status>-` forms are changing. */
const POWER = new Map<string, PowerState>([
  ['running', 'running'],
  ['stopped', 'stopped'],
  // Frozen: stopped, and kept from starting until an admin unfreezes it.
  ['frozen', 'stopped'],
  // Defined in the DB, not (yet) on a node.
  ['notcreated', 'stopped'],
  ['stopping', 'transitioning'],
  ['deploying', 'transitioning'],
  ['notready', 'transitioning'],
  ['stopped-', 'transitioning'],
  ['running-', 'transitioning'],
  ['frozen-', 'transitioning'],
  ['notcreated-', 'transitioning'],
  ['pending', 'transitioning'],
  ['error', 'error'],
]);

/** The common power state of a REST `status` string. */
export const statusPower = (status: string): PowerState => POWER.get(status) ?? 'unknown';

/** `_OSType` display names (`vms/models/vm.py`); 1-4 are KVM machines, 5-6 zones. */
const OS_TYPES = ['', 'Linux VM', 'SunOS VM', 'BSD VM', 'Windows VM', 'SunOS Zone', 'Linux Zone'];

/** Zones share the node's kernel: no ACPI, so a stop `timeout` means nothing for them. */
export const isZone = (os: string | undefined): boolean => os?.endsWith(' Zone') === true;

/** Status tasks change the power state; only a start leaves the recorded status untouched while it runs. */
const CHANGING = new Set(['start', 'stop', 'reboot']);

function statusTaskPending(status: StatusRecord | undefined): boolean {
  const tasks = status?.tasks;
  if (!tasks) return false;
  for (const id in tasks) {
    const apiview = tasks[id];
    if (apiview?.view === 'vm_status' && CHANGING.has(apiview.action ?? '')) return true;
  }
  return false;
}

/**
 * As `vm.status_display()` shows it: `unknown` while the node is not online, `pending` (transitioning) while a
 * status task runs, else the recorded status.
 */
export function powerOf(vm: VmRecord, status: StatusRecord | undefined): PowerState {
  if (vm.node_status !== undefined && vm.node_status !== 'online') return 'unknown';
  if (statusTaskPending(status)) return 'transitioning';
  return statusPower(vm.status ?? '');
}

/** The hostname names a VM in Danube; the alias (its short name in the GUI) is added when it says more. */
function displayName(hostname: string, alias: string | undefined): string {
  if (!alias) return hostname;
  const dot = hostname.indexOf('.');
  const label = dot < 0 ? hostname : hostname.slice(0, dot);
  return alias.toLowerCase() === label.toLowerCase() ? hostname : `${hostname} (${alias})`;
}

/** The node's hostname; a non-admin only sees the node's colour, which names no host. */
const hostOf = (node: string | null | undefined): string | undefined =>
  node && !node.startsWith('#') ? node : undefined;

/** The virtual datacenter Danube works in when a request names none (its installer creates `main`). */
export const DEFAULT_DC = 'main';

export function toMachine(
  profileId: string,
  vm: VmRecord,
  define: DefineRecord | undefined,
  status: StatusRecord | undefined,
  updatedAt: string,
  /** The profile's virtual datacenter; Danube's own default when the profile names none. */
  dc?: string,
): Machine {
  return {
    id: `${profileId}/${vm.hostname}`,
    profileId,
    vendor: 'danube',
    vendorId: vm.hostname,
    kind: 'vm',
    name: displayName(vm.hostname, vm.alias),
    power: powerOf(vm, status),
    vendorState: vm.status ?? 'unknown',
    host: hostOf(vm.node),
    addresses: vm.ips ?? [],
    cpu: vm.vcpus,
    memoryMiB: vm.ram,
    os: OS_TYPES[define?.ostype ?? 0] || undefined,
    // The parsed lists are ours already: no copies.
    tags: define?.tags ?? [],
    scope: [dc ?? DEFAULT_DC],
    updatedAt,
  };
}
