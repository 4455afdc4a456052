import type { Rng } from '../core/rng';
import {
  CPU_COUNTS,
  ENVIRONMENTS,
  GUEST_OSES,
  MEMORY_SIZES_MIB,
  pickWeighted,
  ROLES,
  SITES,
  type GuestFamily,
  type GuestOs,
} from './catalog';

export type PowerState = 'POWERED_ON' | 'POWERED_OFF' | 'SUSPENDED';
/** VMware Tools as installed: current, too old for guest operations, or absent. */
export type ToolsKind = 'current' | 'old' | 'none';
export type FolderType = 'DATACENTER' | 'DATASTORE' | 'HOST' | 'NETWORK' | 'VIRTUAL_MACHINE';

/**
 * Machines seeded on purpose so that every documented refusal can be provoked (and demonstrated): each kind exists
 * at least once whenever the lab has 10 machines or more, and `describe()` names one of each.
 */
export const SPECIAL_KINDS = [
  'template',
  'inaccessible',
  'locked',
  'oversized',
  'noTools',
  'oldTools',
  'linuxDemo',
  'windowsDemo',
] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];

/** Share of the machines for each special kind (at least one each). */
const SPECIAL_SHARE: Readonly<Record<SpecialKind, number>> = {
  template: 0.01,
  inaccessible: 0.003,
  locked: 0.002,
  oversized: 0.001,
  noTools: 0.01,
  oldTools: 0.01,
  linuxDemo: 0,
  windowsDemo: 0,
};

export interface Folder {
  id: string;
  name: string;
  type: FolderType;
  /** Ids of this folder and of the folders above it, for "folders that must contain" filters. */
  lineage: readonly string[];
  parent?: string;
  datacenter?: string;
}

export interface Datacenter {
  id: string;
  name: string;
  short: string;
  /** The root folder (`group-d1`) that holds every datacenter. */
  parentFolder: string;
  /** Index into `folders`. */
  hostFolder: number;
  vmFolder: number;
  templateFolder: number;
  envFolders: readonly number[];
}

export interface Cluster {
  id: string;
  name: string;
  datacenter: number;
  haEnabled: boolean;
  drsEnabled: boolean;
  rootPool: number;
  prodPool: number;
}

export interface Host {
  id: string;
  name: string;
  cluster: number;
  datacenter: number;
}

export interface ResourcePool {
  id: string;
  name: string;
  cluster: number;
  datacenter: number;
  /** Ids of this pool and of its parents. */
  lineage: readonly string[];
  parent?: string;
}

export interface VmRecord {
  id: string;
  name: string;
  os: GuestOs;
  role: string;
  env: number;
  cpu: number;
  coresPerSocket: number;
  memoryMiB: number;
  diskGiB: number;
  power: PowerState;
  cleanPowerOff: boolean;
  host: number;
  cluster: number;
  datacenter: number;
  folder: number;
  pool: number;
  tools: ToolsKind;
  special?: SpecialKind;
  ip: string;
  /** How long a powered-on machine has been running when the lab starts. */
  uptimeMs: number;
}

export interface Inventory {
  folders: readonly Folder[];
  datacenters: readonly Datacenter[];
  clusters: readonly Cluster[];
  hosts: readonly Host[];
  pools: readonly ResourcePool[];
  vms: readonly VmRecord[];
  /** One machine id per special kind, for describe() and the tests. */
  samples: Partial<Record<SpecialKind, string>>;
}

/** `vm-1001`, `vm-1002`, ...: the managed object ids of the machines, in inventory order. */
export const VM_ID_BASE = 1001;
const HOSTS_PER_CLUSTER = 8;
const VMS_PER_HOST = 25;
const DAY_MS = 86_400_000;

export function vmIdOf(index: number): string {
  return `vm-${VM_ID_BASE + index}`;
}

/** The inventory index of a machine id, or undefined for anything that is not one of ours. */
export function vmIndexOf(id: string | undefined, count: number): number | undefined {
  const match = /^vm-([1-9]\d*)$/.exec(id ?? '');
  if (!match) return undefined;
  const index = Number(match[1]) - VM_ID_BASE;
  return index >= 0 && index < count ? index : undefined;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Datacenters, folders, clusters, hosts and resource pools, sized for `count` machines. */
function buildInfrastructure(rng: Rng, count: number): Omit<Inventory, 'vms' | 'samples'> {
  // vCenter numbers managed objects from one sequence whatever their type (group-d1, datacenter-3, host-10...).
  let sequence = 1;
  const next = (): number => sequence++;
  const folders: Folder[] = [];
  const addFolder = (folder: Omit<Folder, 'lineage' | 'id'>, prefix: string): number => {
    const id = `${prefix}${next()}`;
    const parentLineage = folders.find((f) => f.id === folder.parent)?.lineage ?? [];
    folders.push({ ...folder, id, lineage: [id, ...parentLineage] });
    return folders.length - 1;
  };
  const root = addFolder({ name: 'Datacenters', type: 'DATACENTER' }, 'group-d');
  const rootId = folders[root]?.id ?? '';

  const siteCount = Math.min(SITES.length, 1 + Math.floor(count / 5000));
  const hostCount = Math.max(3, Math.ceil(count / VMS_PER_HOST));
  const datacenters: Datacenter[] = [];
  const clusters: Cluster[] = [];
  const hosts: Host[] = [];
  const pools: ResourcePool[] = [];

  for (let d = 0; d < siteCount; d++) {
    const site = SITES[d] ?? { name: `DC-${d + 1}`, short: `dc${d + 1}` };
    const id = `datacenter-${next()}`;
    // The four system folders of a datacenter are its children, not folders inside the root folder.
    const hostFolder = addFolder({ name: 'host', type: 'HOST', datacenter: id }, 'group-h');
    const vmFolder = addFolder({ name: 'vm', type: 'VIRTUAL_MACHINE', datacenter: id }, 'group-v');
    addFolder({ name: 'datastore', type: 'DATASTORE', datacenter: id }, 'group-s');
    addFolder({ name: 'network', type: 'NETWORK', datacenter: id }, 'group-n');
    const vmFolderId = folders[vmFolder]?.id ?? '';
    const vmChild = (name: string): number =>
      addFolder({ name, type: 'VIRTUAL_MACHINE', parent: vmFolderId, datacenter: id }, 'group-v');
    const envFolders = ENVIRONMENTS.map((env) => vmChild(env.folder));
    const templateFolder = vmChild('Templates');
    datacenters.push({
      id,
      name: site.name,
      short: site.short,
      parentFolder: rootId,
      hostFolder,
      vmFolder,
      templateFolder,
      envFolders,
    });

    const siteHosts = Math.floor(hostCount / siteCount) + (d < hostCount % siteCount ? 1 : 0);
    const clusterCount = Math.ceil(siteHosts / HOSTS_PER_CLUSTER);
    for (let c = 0; c < clusterCount; c++) {
      const clusterIndex = clusters.length;
      const clusterId = `domain-c${next()}`;
      const addPool = (name: string, parent?: ResourcePool): number => {
        const poolId = `resgroup-${next()}`;
        pools.push({
          id: poolId,
          name,
          cluster: clusterIndex,
          datacenter: d,
          lineage: [poolId, ...(parent?.lineage ?? [])],
          ...(parent ? { parent: parent.id } : {}),
        });
        return pools.length - 1;
      };
      const rootPool = addPool('Resources');
      const prodPool = addPool('Production', pools[rootPool]);
      clusters.push({
        id: clusterId,
        name: `CL-${site.short.toUpperCase()}-${pad(c + 1, 2)}`,
        datacenter: d,
        haEnabled: rng.chance(0.9),
        drsEnabled: rng.chance(0.8),
        rootPool,
        prodPool,
      });
      const inCluster = Math.min(HOSTS_PER_CLUSTER, siteHosts - c * HOSTS_PER_CLUSTER);
      for (let h = 0; h < inCluster; h++) {
        const number = c * HOSTS_PER_CLUSTER + h + 1;
        hosts.push({
          id: `host-${next()}`,
          name: `esx-${site.short}-${pad(number, 3)}.lab.vantage.invalid`,
          cluster: clusterIndex,
          datacenter: d,
        });
      }
    }
  }
  return { folders, datacenters, clusters, hosts, pools };
}

/** Chooses distinct machines for the special kinds, so that each exists at least once. */
function chooseSpecials(rng: Rng, count: number): Map<number, SpecialKind> {
  const specials = new Map<number, SpecialKind>();
  if (count < SPECIAL_KINDS.length + 2) return specials;
  for (const kind of SPECIAL_KINDS) {
    const wanted = Math.max(1, Math.round(count * SPECIAL_SHARE[kind]));
    for (let placed = 0; placed < wanted;) {
      const index = rng.int(0, count - 1);
      if (specials.has(index)) continue;
      specials.set(index, kind);
      placed++;
    }
  }
  return specials;
}

function familyFor(special: SpecialKind | undefined): GuestFamily | undefined {
  if (special === 'linuxDemo') return 'LINUX';
  if (special === 'windowsDemo') return 'WINDOWS';
  return undefined;
}

function initialPower(rng: Rng, special: SpecialKind | undefined): PowerState {
  if (special === 'template' || special === 'inaccessible' || special === 'locked' || special === 'oversized')
    return 'POWERED_OFF';
  if (special) return 'POWERED_ON';
  const roll = rng.next();
  if (roll < 0.8) return 'POWERED_ON';
  return roll < 0.94 ? 'POWERED_OFF' : 'SUSPENDED';
}

function toolsFor(rng: Rng, special: SpecialKind | undefined): ToolsKind {
  if (special === 'noTools') return 'none';
  if (special === 'oldTools') return 'old';
  if (special) return 'current';
  const roll = rng.next();
  if (roll < 0.97) return 'current';
  return roll < 0.99 ? 'old' : 'none';
}

/**
 * The seeded estate: everything derives from `rng`, so the same seed gives the same machines. Linear in `count`
 * and a handful of draws per machine, so tens of thousands of machines take milliseconds.
 */
export function createInventory(rng: Rng, count: number): Inventory {
  const infra = buildInfrastructure(rng.fork('infrastructure'), count);
  const specials = chooseSpecials(rng.fork('specials'), count);
  const draw = rng.fork('machines');
  const nameCounters = new Map<string, number>();
  const ipCounters = infra.datacenters.map(() => 0);
  const vms: VmRecord[] = new Array<VmRecord>(count);
  const samples: Partial<Record<SpecialKind, string>> = {};

  for (let i = 0; i < count; i++) {
    const special = specials.get(i);
    const family = familyFor(special);
    const os = pickWeighted(family ? GUEST_OSES.filter((o) => o.family === family) : GUEST_OSES, draw.next());
    // The Linux demo machine serves the web: `systemctl is-active nginx` answers 0 there.
    const role = special === 'linuxDemo' ? 'web' : draw.pick(ROLES[os.family]);
    const env = ENVIRONMENTS.indexOf(pickWeighted(ENVIRONMENTS, draw.next()));
    const hostIndex = draw.int(0, infra.hosts.length - 1);
    const host = infra.hosts[hostIndex] as Host;
    const datacenter = infra.datacenters[host.datacenter] as Datacenter;
    const cluster = infra.clusters[host.cluster] as Cluster;
    const isTemplate = special === 'template';
    const prefix = isTemplate ? `tmpl-${os.short}` : `${role}-${ENVIRONMENTS[env]?.tag ?? 'dev'}`;
    const serial = (nameCounters.get(prefix) ?? 0) + 1;
    nameCounters.set(prefix, serial);
    const cpu = special === 'oversized' ? 128 : draw.pick(CPU_COUNTS);
    const ipSerial = ipCounters[host.datacenter] ?? 0;
    ipCounters[host.datacenter] = ipSerial + 1;
    const id = vmIdOf(i);
    vms[i] = {
      id,
      name: `${prefix}-${pad(serial, isTemplate ? 2 : 3)}`,
      os,
      role,
      env,
      cpu,
      coresPerSocket: cpu >= 8 ? cpu / 2 : 1,
      // 6 TiB: more than any lab host has, so powering it on cannot be satisfied.
      memoryMiB: special === 'oversized' ? 6 * 1024 * 1024 : draw.pick(MEMORY_SIZES_MIB),
      diskGiB: draw.pick([16, 40, 60, 100, 250]),
      power: initialPower(draw, special),
      cleanPowerOff: draw.chance(0.9),
      host: hostIndex,
      cluster: host.cluster,
      datacenter: host.datacenter,
      folder: isTemplate ? datacenter.templateFolder : (datacenter.envFolders[env] ?? datacenter.vmFolder),
      pool: env === 0 ? cluster.prodPool : cluster.rootPool,
      tools: toolsFor(draw, special),
      ...(special ? { special } : {}),
      ip: `10.${20 + host.datacenter}.${Math.floor(ipSerial / 250) % 256}.${(ipSerial % 250) + 4}`,
      uptimeMs: draw.int(3_600_000, 120 * DAY_MS),
    };
    if (special) samples[special] ??= id;
  }
  return { ...infra, vms, samples };
}
