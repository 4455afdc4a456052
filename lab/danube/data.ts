import type { Rng } from '../core/rng';
import {
  DcAccess,
  NodeStatus,
  OsType,
  VmStatus,
  isHvm,
  type ComputeNode,
  type Dc,
  type Iso,
  type NodeVmState,
  type OsTypeCode,
  type User,
  type Vm,
  type VmStatusCode,
} from './model';

/** Seeded Danube Cloud estate: users, virtual datacenters, compute nodes, ISO images and VMs. */
export interface DanubeData {
  users: User[];
  dcs: Dc[];
  nodes: ComputeNode[];
  isos: Iso[];
  /** Every VM, each DC's list in hostname order (the API's default `order_by`). */
  vmsByDc: Map<number, Vm[]>;
  /** Lookup by hostname or uuid (`hostname_or_uuid`). */
  vmsByKey: Map<string, Vm>;
  /** Hostnames of VMs set up so that every documented answer can be reached; see SHOWCASE. */
  showcase: Partial<Record<ShowcaseRole, string>>;
}

export const ADMIN = { username: 'admin', password: 'danube-admin' } as const;
export const PLAIN_USER = { username: 'user', password: 'danube-user' } as const;
/** A user without `api_access` and a disabled one, so that every login refusal can be provoked. */
export const NO_API_USER = { username: 'guest', password: 'danube-guest' } as const;
export const DISABLED_USER = { username: 'former', password: 'danube-former' } as const;

export const MAIN_DC = 'main';
export const ADMIN_DC = 'admin';
export const RESCUE_CD = 'rescuecd.iso';
/** The ISO the DB knows but no compute node has: starting from it fails on the node with exit code 9. */
export const MISSING_ISO = 'archlinux-2019.05.01-x86_64.iso';

const DAY = 86_400_000;

/**
 * VMs whose situation makes one documented answer reachable in any lab (the first VMs get these roles).
 * All but `adminOwned` belong to the plain user, who may act on them; the admin may act on every VM.
 */
export const SHOWCASE = [
  'running',
  'stopped',
  'frozen',
  'stopping',
  'updateNeeded',
  'osUpdateNeeded',
  'osUpdateRunning',
  'onUnreachableNode',
  'notcreated',
  'deploying',
  'notready',
  'error',
  'drifted',
  'slowWindows',
  'zone',
  'adminOwned',
] as const;
export type ShowcaseRole = (typeof SHOWCASE)[number];

const ROLES = [
  'web',
  'app',
  'db',
  'cache',
  'mail',
  'git',
  'ci',
  'vpn',
  'proxy',
  'files',
  'ldap',
  'log',
] as const;
const ZONES = ['prod.example.com', 'stage.example.com', 'dev.example.com', 'cust.erigones.com'] as const;
const VCPUS = [1, 1, 2, 2, 2, 4, 4, 8, 16] as const;
const RAM_MIB = [512, 1024, 2048, 2048, 4096, 4096, 8192, 16384, 32768] as const;
const DISK_MIB = [10240, 20480, 30720, 51200, 102400, 204800] as const;
const TAGS = ['production', 'staging', 'backup', 'monitored', 'customer', 'legacy'] as const;

/** Integer weights, so the mix reads as "out of 100". */
const OSTYPE_MIX: readonly (readonly [OsTypeCode, number])[] = [
  [OsType.LINUX, 46],
  [OsType.WINDOWS, 14],
  [OsType.BSD, 4],
  [OsType.SUNOS, 4],
  [OsType.SUNOS_ZONE, 14],
  [OsType.LINUX_ZONE, 18],
];
const STATUS_MIX: readonly (readonly [VmStatusCode, number])[] = [
  [VmStatus.RUNNING, 60],
  [VmStatus.STOPPED, 26],
  [VmStatus.FROZEN, 3],
  [VmStatus.STOPPING, 1],
  [VmStatus.NOTCREATED, 3],
  [VmStatus.CREATING, 1],
  [VmStatus.NOTREADY, 1],
  [VmStatus.NOTREADY_STOPPED, 1],
  [VmStatus.NOTREADY_RUNNING, 1],
  [VmStatus.DEPLOYING_START, 1],
  [VmStatus.ERROR, 2],
];

function pickWeighted<T>(rng: Rng, mix: readonly (readonly [T, number])[]): T {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.int(0, total - 1);
  for (const [value, weight] of mix) {
    if (roll < weight) return value;
    roll -= weight;
  }
  throw new Error('weighted pick from an empty mix');
}

/** What the node reports for a stored status (before any drift). */
function nodeStateFor(status: VmStatusCode): NodeVmState {
  switch (status) {
    case VmStatus.RUNNING:
    case VmStatus.NOTREADY_RUNNING:
    case VmStatus.CREATING:
    case VmStatus.DEPLOYING_START:
      return 'running';
    case VmStatus.STOPPING:
      return 'stopping';
    case VmStatus.NOTCREATED:
      return '';
    default:
      return 'stopped';
  }
}

function createUsers(rng: Rng): User[] {
  const key = (): string => rng.hex(40);
  const user = (
    id: number,
    creds: { username: string; password: string },
    extra: Partial<User> = {},
  ): User => ({
    id,
    ...creds,
    apiKey: key(),
    superAdmin: false,
    active: true,
    apiAccess: true,
    currentDcId: 1,
    ...extra,
  });
  return [
    user(1, ADMIN, { superAdmin: true }),
    user(2, PLAIN_USER),
    user(3, NO_API_USER, { apiAccess: false }),
    user(4, DISABLED_USER, { active: false }),
  ];
}

function createDcs(admin: User, created: number): Dc[] {
  const dc = (id: number, name: string, alias: string, access: number, desc: string): Dc => ({
    id,
    name,
    alias,
    site: `${name}.cloud.example.com`,
    desc,
    access,
    owner: admin,
    created,
    noShutdown: new Set(),
    rescueCd: RESCUE_CD,
    stopTimeoutDefault: 180,
    stopTimeoutWindows: 300,
  });
  return [
    dc(1, MAIN_DC, 'Main', DcAccess.PUBLIC, 'Default public datacenter'),
    dc(2, ADMIN_DC, 'Admin', DcAccess.PRIVATE, 'Management VMs of the cloud itself'),
  ];
}

/** node01.local...; node04 is unreachable (423 in the demo), node08 (in larger labs) in maintenance. */
function createNodes(rng: Rng, count: number): ComputeNode[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const uuid = rng.uuid();
    const status = i === 3 ? NodeStatus.UNREACHABLE : i === 7 ? NodeStatus.OFFLINE : NodeStatus.ONLINE;
    return {
      hostname: `node${String(i + 1).padStart(width, '0')}.local`,
      uuid,
      address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      status,
      color: `#${uuid.slice(30)}`,
    };
  });
}

function createIsos(): Iso[] {
  const hvm = [OsType.LINUX, OsType.SUNOS, OsType.BSD, OsType.WINDOWS];
  return [
    { name: RESCUE_CD, ostypes: hvm, onNodes: true },
    { name: 'ubuntu-22.04.4-live-server-amd64.iso', ostypes: [OsType.LINUX], onNodes: true },
    { name: 'debian-12.5.0-amd64-netinst.iso', ostypes: [OsType.LINUX], onNodes: true },
    { name: MISSING_ISO, ostypes: [OsType.LINUX], onNodes: false },
    { name: 'windows-server-2022.iso', ostypes: [OsType.WINDOWS], onNodes: true },
    { name: 'virtio-win-0.1.240.iso', ostypes: [OsType.WINDOWS], onNodes: true },
    { name: 'freebsd-14.0-RELEASE-amd64-disc1.iso', ostypes: [OsType.BSD], onNodes: true },
    { name: 'smartos-latest.iso', ostypes: [OsType.SUNOS], onNodes: true },
  ];
}

/** What a seeded VM is drawn from; everything else of a `Vm` follows from it. */
type VmSeed = Pick<Vm, 'hostname' | 'alias' | 'dc' | 'node' | 'owner' | 'ostype' | 'status' | 'ips'>;

function createVm(rng: Rng, seed: VmSeed, now: number): Vm {
  const statusChange = now - rng.int(60, 45 * 24 * 3600) * 1000;
  const running = nodeStateFor(seed.status) === 'running';
  return {
    ...seed,
    uuid: rng.uuid(),
    vcpus: rng.pick(VCPUS),
    ram: rng.pick(RAM_MIB),
    disk: rng.pick(DISK_MIB),
    tags: rng.chance(0.4) ? [rng.pick(TAGS)] : [],
    locked: rng.chance(0.01),
    installed: seed.status !== VmStatus.NOTCREATED && seed.status !== VmStatus.CREATING,
    snapshots: rng.chance(0.3) ? rng.int(1, 6) : 0,
    backups: rng.chance(0.25) ? rng.int(1, 14) : 0,
    created: statusChange - rng.int(1, 400) * DAY,
    statusChange,
    uptime: rng.int(0, 90 * 24 * 3600),
    runningSince: running ? statusChange : 0,
    actual: nodeStateFor(seed.status),
    pendingUpdate: rng.chance(0.05) ? { ram: rng.pick(RAM_MIB) * 2 } : undefined,
    slowShutdown: isHvm(seed.ostype) && rng.chance(0.04),
    lastCdimage: null,
    tasks: undefined,
  };
}

/** Unique private address per VM index, plus a public one for some. */
function ipsFor(rng: Rng, dcId: number, index: number): string[] {
  const ips = [
    `10.${100 + dcId * 10 + Math.floor(index / 62_500)}.${Math.floor(index / 250) % 250}.${(index % 250) + 2}`,
  ];
  if (rng.chance(0.3)) ips.push(rng.ipv4('203.0.113'));
  return ips;
}

/** Sets a showcase VM's situation; `first` online node keeps it reachable. */
function applyShowcase(vm: Vm, role: ShowcaseRole, nodes: ComputeNode[], admin: User): void {
  const online = nodes[0] as ComputeNode;
  const unreachable = nodes[3] as ComputeNode;
  const set = (status: VmStatusCode, extra: Partial<Vm> = {}): void => {
    Object.assign(vm, {
      node: online,
      status,
      actual: nodeStateFor(status),
      runningSince: nodeStateFor(status) === 'running' ? vm.statusChange : 0,
      pendingUpdate: undefined,
      slowShutdown: false,
      locked: false,
      installed: true,
      ostype: OsType.LINUX,
      ...extra,
    });
  };
  const showcase: Record<ShowcaseRole, () => void> = {
    running: () => set(VmStatus.RUNNING),
    stopped: () => set(VmStatus.STOPPED),
    frozen: () => set(VmStatus.FROZEN),
    stopping: () => set(VmStatus.STOPPING, { pendingUpdate: { vcpus: vm.vcpus * 2 } }),
    updateNeeded: () => set(VmStatus.STOPPED, { pendingUpdate: { vcpus: vm.vcpus + 1, ram: vm.ram * 2 } }),
    osUpdateNeeded: () => set(VmStatus.STOPPED, { pendingUpdate: { disk: vm.disk + 10240 } }),
    osUpdateRunning: () => set(VmStatus.RUNNING, { pendingUpdate: { disk: vm.disk + 10240 }, snapshots: 2 }),
    onUnreachableNode: () => set(VmStatus.RUNNING, { node: unreachable }),
    notcreated: () => set(VmStatus.NOTCREATED, { installed: false }),
    deploying: () => set(VmStatus.CREATING, { installed: false }),
    notready: () => set(VmStatus.NOTREADY_STOPPED),
    error: () => set(VmStatus.ERROR),
    drifted: () => set(VmStatus.RUNNING, { actual: 'stopped' }),
    slowWindows: () => set(VmStatus.RUNNING, { ostype: OsType.WINDOWS, slowShutdown: true }),
    zone: () => set(VmStatus.RUNNING, { ostype: OsType.LINUX_ZONE }),
    adminOwned: () => set(VmStatus.RUNNING, { owner: admin }),
  };
  showcase[role]();
}

/** The admin DC's management VMs (fixture es_get_dc_admin_vm.json); mgmt01 is in VMS_NO_SHUTDOWN. */
function createAdminDcVms(rng: Rng, dc: Dc, node: ComputeNode, admin: User, now: number): Vm[] {
  const vms = ['mgmt01.local', 'zabbix01.local'].map((hostname, i) =>
    createVm(
      rng,
      {
        hostname,
        alias: hostname.split('.')[0] ?? hostname,
        dc,
        node,
        owner: admin,
        ostype: OsType.LINUX,
        status: VmStatus.RUNNING,
        ips: [`10.0.1.${11 + i}`],
      },
      now,
    ),
  );
  for (const vm of vms) vm.pendingUpdate = undefined;
  dc.noShutdown = new Set([vms[0]?.uuid ?? '']);
  return vms;
}

const byHostname = (a: Vm, b: Vm): number => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0);

/** The whole estate from the seed alone; `now` only anchors the timestamps. */
export function generateDanubeData(rng: Rng, vmCount: number, now: number): DanubeData {
  const users = createUsers(rng.fork('users'));
  const admin = users[0] as User;
  const plain = users[1] as User;
  const dcs = createDcs(admin, now - 900 * DAY);
  const [main, adminDc] = dcs as [Dc, Dc];
  const nodes = createNodes(rng.fork('nodes'), Math.max(4, Math.ceil(vmCount / 40)));
  const vmRng = rng.fork('vms');
  const width = Math.max(4, String(vmCount).length);
  const healthy = nodes.filter((n) => n.status === NodeStatus.ONLINE);
  const mainVms: Vm[] = [];
  const showcase: Partial<Record<ShowcaseRole, string>> = {};
  for (let i = 0; i < vmCount; i++) {
    const role = vmRng.pick(ROLES);
    const ostype = pickWeighted(vmRng, OSTYPE_MIX);
    const vm = createVm(
      vmRng,
      {
        hostname: `${role}-${String(i + 1).padStart(width, '0')}.${vmRng.pick(ZONES)}`,
        alias: `${role}${i + 1}`,
        dc: main,
        // A few VMs live on the nodes that are down, most on healthy ones.
        node: vmRng.chance(0.04) ? vmRng.pick(nodes) : vmRng.pick(healthy),
        owner: vmRng.chance(0.3) ? plain : admin,
        ostype,
        status: pickWeighted(vmRng, STATUS_MIX),
        ips: ipsFor(vmRng, main.id, i),
      },
      now,
    );
    if (vm.status === VmStatus.RUNNING && vmRng.chance(0.02)) vm.actual = 'stopped';
    if (vmRng.chance(0.02)) vm.pendingUpdate = { disk: vm.disk + 10240 };
    const showcaseRole = SHOWCASE[i];
    if (showcaseRole) {
      vm.owner = plain;
      applyShowcase(vm, showcaseRole, nodes, admin);
      showcase[showcaseRole] = vm.hostname;
    }
    mainVms.push(vm);
  }
  const adminVms = createAdminDcVms(rng.fork('admin-dc'), adminDc, nodes[0] as ComputeNode, admin, now);
  // Lists are served in hostname order: sort once here, not per request.
  mainVms.sort(byHostname);
  const vmsByKey = new Map<string, Vm>();
  for (const vm of [...mainVms, ...adminVms]) {
    vmsByKey.set(vm.hostname, vm);
    vmsByKey.set(vm.uuid, vm);
  }
  return {
    users,
    dcs,
    nodes,
    isos: createIsos(),
    vmsByDc: new Map([
      [main.id, mainVms],
      [adminDc.id, adminVms],
    ]),
    vmsByKey,
    showcase,
  };
}
