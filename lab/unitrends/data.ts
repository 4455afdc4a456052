import type { LabClock } from '../core/clock';
import type { Rng } from '../core/rng';
import { weighted } from '../comodit/weighted';
import { resumeSeededChanges } from './state';

export type IrType = 'vm_ir' | 'hv_ir' | 'appliance_ir';
export type VirtualType = 'wir' | IrType;
export const VIRTUAL_TYPES: readonly VirtualType[] = ['wir', 'vm_ir', 'hv_ir', 'appliance_ir'];
/** What a backup was taken of: decides which kind of instant recovery it can feed. */
export type AssetKind = 'vmware' | 'hyperv' | 'agent';
/** WIR `current_state` values (wiki: new, restore, audit, live; admin guide: idle, halted). */
export type WirState = 'new' | 'restore' | 'idle' | 'audit' | 'live' | 'halted';
export type HypervisorType = 'VMware Host' | 'Hyper-V Host' | 'Unitrends appliance';

export interface UnitrendsSystem {
  id: number;
  name: string;
  host: string;
  role: string;
  status: string;
  local: boolean;
  version: string;
  /** Hypervisors the system can host virtual failover clients on (GET /virtual_clients/supported). */
  supported: string[];
}

export interface Candidate {
  clientId: number;
  name: string;
  osId: number;
  os: string;
  kind: AssetKind;
  systemId: number;
  /** Where the protected VM lives (ESX or Hyper-V host), or the agent's own machine. */
  server: string;
  /** Backups of this client, oldest first; the last one is the candidate's `backup_id`. */
  backupIds: number[];
  /** Replicated from another system (a "grandclient" on the replication target). */
  source?: { systemId: number; systemName: string };
  /** The WIR virtual failover client made from it, if any. */
  virtualId?: number;
  windows: boolean;
}

/** A change under way, applied lazily when read: `apply` runs once `endsAt` has passed. */
export interface Pending<T> {
  endsAt: number;
  apply: (target: T) => void;
}

export interface IrSession {
  id: number;
  type: IrType;
  systemId: number;
  clientName: string;
  vmName: string;
  serverName: string;
  audit: boolean;
  status: string;
  createdAt: number;
  detail: string;
  backupId: number;
  moref?: number | null;
  guid?: string;
  pending?: Pending<IrSession>;
  /** Torn down: the session disappears from listings at this time. */
  goneAt?: number;
}

export interface WirClient {
  id: number;
  systemId: number;
  clientId: number;
  vmName: string;
  hypervisorType: HypervisorType;
  serverName: string;
  state: WirState;
  pendingState?: WirState;
  pending?: Pending<WirClient>;
  valid: boolean;
  restoresDisabled: boolean;
  liveTime?: number;
  ip?: string;
  vmGuid?: string;
  /** Set for a replicated client ("grandclient"): the system it was backed up on. */
  source?: { systemId: number; systemName: string };
  processors: number;
  memory: number;
  includedVolumes: string[];
  excludedVolumes: string[];
  lastMessage: string;
  auditVerify: number;
}

export interface Datastore {
  name: string;
  /** MB. */
  size: number;
  free: number;
}

/** Where a recovered VM can run (GET /virtual_clients/targets/). */
export interface RecoveryTarget {
  id: string;
  name: string;
  hypervisor: 'VMware' | 'Hyper-V';
  parentId: string;
  datastores: Datastore[];
  efi: boolean;
}

export interface UnitrendsData {
  systems: UnitrendsSystem[];
  candidates: Candidate[];
  targets: RecoveryTarget[];
  candidatesBySystem: Map<number, Candidate[]>;
  candidatesByClient: Map<number, Candidate>;
  sessions: Map<number, IrSession>;
  wirClients: Map<number, WirClient>;
  /** Sessions and virtual clients share one id space, so `12` alone names exactly one of them. */
  nextId: number;
  /** When the lab started: seeded backup times are counted back from it. */
  epoch: number;
}

export const LOCAL_SID = 1;
export const BACKUP_ID_BASE = 5000;
export const BACKUPS_PER_CLIENT = 3;

const SYSTEMS: readonly UnitrendsSystem[] = [
  {
    id: 1,
    name: 'ueb01',
    host: 'ueb01.lab.local',
    role: 'Backup System',
    status: 'online',
    local: true,
    version: '10.8.2-1',
    supported: ['VMware host', 'Hyper-V host', 'Unitrends appliance'],
  },
  {
    id: 2,
    name: 'ueb-dr',
    host: 'ueb-dr.lab.local',
    role: 'Replication Target',
    status: 'online',
    local: false,
    version: '10.8.2-1',
    supported: ['VMware host', 'Hyper-V host'],
  },
];

const OSES: readonly (readonly [id: number, name: string, windows: boolean])[] = [
  [30, 'Windows Server 2019', true],
  [31, 'Windows Server 2022', true],
  [28, 'Windows Server 2016', true],
  [26, 'Windows 10', true],
  [12, 'CentOS 7', false],
  [14, 'Red Hat Enterprise Linux 9', false],
  [16, 'Ubuntu 22.04', false],
  [17, 'Debian 12', false],
];
const ROLES = ['sql', 'exch', 'web', 'file', 'dc', 'app', 'erp', 'crm', 'print', 'rds'];
const ESX_HOSTS = ['esx01.lab.local', 'esx02.lab.local', 'esx03.lab.local', 'esx04.lab.local'];
const HYPERV_HOSTS = ['hv01.lab.local', 'hv02.lab.local'];
const IR_STATUS_MIX: readonly (readonly [string, number])[] = [
  ['available', 0.7],
  ['error', 0.1],
  ['creating', 0.1],
  ['migrating', 0.1],
];
const WIR_STATE_MIX: readonly (readonly [WirState, number])[] = [
  ['idle', 0.4],
  ['audit', 0.2],
  ['live', 0.1],
  ['restore', 0.1],
  ['new', 0.1],
  ['halted', 0.1],
];

const clamp = (n: number, min: number, max: number): number => Math.max(min, Math.min(max, n));
const systemName = (id: number): string => SYSTEMS.find((s) => s.id === id)?.name ?? `system-${id}`;

function createTargets(rng: Rng): RecoveryTarget[] {
  const vcenter = rng.uuid();
  const datastores = (prefix: string): Datastore[] =>
    Array.from({ length: rng.int(1, 3) }, (_, i) => {
      const size = rng.pick([2, 4, 8, 16]) * 1024 * 1024;
      return { name: `${prefix}${i + 1}`, size, free: Math.round(size * (0.1 + 0.8 * rng.next())) };
    });
  return [
    ...ESX_HOSTS.map((name) => ({
      id: rng.uuid(),
      name,
      hypervisor: 'VMware' as const,
      parentId: vcenter,
      datastores: datastores('datastore'),
      efi: rng.chance(0.7),
    })),
    ...HYPERV_HOSTS.map((name) => ({
      id: String(rng.int(40, 99)),
      name,
      hypervisor: 'Hyper-V' as const,
      parentId: '',
      datastores: datastores('D:\\Hyper-V\\Volume'),
      efi: rng.chance(0.7),
    })),
  ];
}

function createCandidate(rng: Rng, index: number): Candidate {
  const kind = weighted<AssetKind>(rng, [
    ['vmware', 0.6],
    ['hyperv', 0.25],
    ['agent', 0.15],
  ]);
  const [osId, os, windows] = rng.pick(OSES);
  const name = `${rng.pick(ROLES)}${String(index + 1).padStart(5, '0')}`;
  const replicated = rng.chance(0.25);
  const clientId = 100 + index;
  return {
    clientId,
    name,
    osId,
    os,
    kind,
    systemId: replicated ? 2 : LOCAL_SID,
    server:
      kind === 'vmware'
        ? rng.pick(ESX_HOSTS)
        : kind === 'hyperv'
          ? rng.pick(HYPERV_HOSTS)
          : `${name}.lab.local`,
    backupIds: Array.from(
      { length: BACKUPS_PER_CLIENT },
      (_, k) => BACKUP_ID_BASE + index * BACKUPS_PER_CLIENT + k,
    ),
    ...(replicated ? { source: { systemId: LOCAL_SID, systemName: systemName(LOCAL_SID) } } : {}),
    windows,
  };
}

export function irTypeFor(kind: AssetKind): IrType {
  return kind === 'vmware' ? 'vm_ir' : kind === 'hyperv' ? 'hv_ir' : 'appliance_ir';
}

function createSession(rng: Rng, id: number, candidate: Candidate, clock: LabClock): IrSession {
  const type = irTypeFor(candidate.kind);
  const status = weighted(rng, IR_STATUS_MIX);
  const system = candidate.systemId;
  const session: IrSession = {
    id,
    type,
    systemId: system,
    clientName: candidate.name,
    vmName: `${candidate.name}-ir`,
    serverName: type === 'appliance_ir' ? systemName(system) : candidate.server,
    audit: status !== 'migrating' && rng.chance(0.6),
    status,
    createdAt: clock.now() - rng.int(60, 30 * 86_400) * 1000,
    detail: status === 'error' ? 'Failed to mount the backup: NFS export not reachable.' : '',
    backupId: candidate.backupIds[candidate.backupIds.length - 1] ?? 0,
  };
  if (type === 'vm_ir') session.moref = status === 'error' ? null : rng.int(100, 9999);
  if (type !== 'vm_ir') session.guid = rng.uuid().toUpperCase();
  if (status === 'migrating') session.audit = true;
  return session;
}

function createWirClient(rng: Rng, id: number, candidate: Candidate): WirClient {
  const state = weighted(rng, WIR_STATE_MIX);
  const onAppliance = candidate.systemId === LOCAL_SID && rng.chance(0.4);
  const hypervisorType: HypervisorType = onAppliance
    ? 'Unitrends appliance'
    : candidate.kind === 'hyperv'
      ? 'Hyper-V Host'
      : 'VMware Host';
  const server =
    hypervisorType === 'Unitrends appliance'
      ? systemName(candidate.systemId)
      : hypervisorType === 'Hyper-V Host'
        ? rng.pick(HYPERV_HOSTS)
        : rng.pick(ESX_HOSTS);
  return {
    id,
    systemId: candidate.systemId,
    clientId: candidate.clientId,
    vmName: `${candidate.name}-vfc`,
    hypervisorType,
    serverName: server,
    state,
    valid: state !== 'new' && state !== 'halted',
    restoresDisabled: rng.chance(0.1),
    ...(state === 'live' ? { liveTime: 0 } : {}),
    ...(onAppliance ? {} : { ip: rng.ipv4('10.20'), vmGuid: rng.uuid() }),
    ...(candidate.source ? { source: { ...candidate.source } } : {}),
    processors: rng.pick([1, 2, 4]),
    memory: rng.pick([2048, 4096, 8192]),
    includedVolumes: ['C:'],
    excludedVolumes: rng.chance(0.3) ? ['E:'] : [],
    lastMessage: state === 'halted' ? 'Virtual restore failed: disk full.' : 'Virtual restore completed.',
    auditVerify: rng.chance(0.2) ? 1 : 0,
  };
}

/**
 * Systems, backed-up clients (candidates) and the instant-recovery sessions and virtual failover clients already
 * running, all from the seed. Times are relative to `clock.now()` at start.
 */
export function generateUnitrendsData(rng: Rng, clientCount: number, clock: LabClock): UnitrendsData {
  const candidateRng = rng.fork('candidates');
  const candidates = Array.from({ length: Math.max(clientCount, 8) }, (_, i) =>
    createCandidate(candidateRng, i),
  );
  const candidatesBySystem = new Map<number, Candidate[]>(SYSTEMS.map((s) => [s.id, []]));
  for (const c of candidates) candidatesBySystem.get(c.systemId)?.push(c);

  const data: UnitrendsData = {
    systems: SYSTEMS.map((s) => ({ ...s, supported: [...s.supported] })),
    candidates,
    targets: createTargets(rng.fork('targets')),
    candidatesBySystem,
    candidatesByClient: new Map(candidates.map((c) => [c.clientId, c])),
    sessions: new Map(),
    wirClients: new Map(),
    nextId: 10,
    epoch: clock.now(),
  };

  const sessionRng = rng.fork('sessions');
  const sessionCount = clamp(Math.round(candidates.length / 20), 4, 40);
  for (let i = 0; i < sessionCount; i++) {
    const session = createSession(sessionRng, data.nextId++, sessionRng.pick(candidates), clock);
    data.sessions.set(session.id, session);
  }

  const wirRng = rng.fork('wir');
  const windows = candidates.filter((c) => c.windows && c.virtualId === undefined);
  const wirCount = Math.min(windows.length, clamp(Math.round(candidates.length / 25), 3, 30));
  for (let i = 0; i < wirCount; i++) {
    const candidate = windows[i] as Candidate;
    const client = createWirClient(wirRng, data.nextId++, candidate);
    if (client.liveTime !== undefined) client.liveTime = clock.now() - wirRng.int(3600, 86_400 * 3) * 1000;
    candidate.virtualId = client.id;
    data.wirClients.set(client.id, client);
  }
  const pendingRng = rng.fork('pending');
  resumeSeededChanges(data, clock, () => 0.2 + 0.8 * pendingRng.next());
  return data;
}

export function backupOwner(data: UnitrendsData, backupId: number): Candidate | undefined {
  const index = Math.floor((backupId - BACKUP_ID_BASE) / BACKUPS_PER_CLIENT);
  return Number.isInteger(backupId) && index >= 0 ? data.candidates[index] : undefined;
}
