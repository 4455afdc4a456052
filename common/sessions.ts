import type { ActionSpec, Machine } from './machines';

/* Instant-recovery sessions and virtual failover clients (Unitrends), as the Sessions view shows them. */

export const SESSION_TYPES = ['vm_ir', 'hv_ir', 'appliance_ir', 'wir'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_TYPE_LABELS: Readonly<Record<SessionType, string>> = {
  vm_ir: 'VMware IR',
  hv_ir: 'Hyper-V IR',
  appliance_ir: 'Appliance IR',
  wir: 'Windows replica',
};

/** One session or replica of one system of one appliance (profile). */
export interface RecoverySession {
  /** `${profileId}/${id}.${type}@${systemId}`: the same id the inventory gives the row, so consoles work alike. */
  id: string;
  profileId: string;
  profileName: string;
  systemId: number;
  systemName: string;
  type: SessionType;
  /** The appliance's own id (`12`). */
  vendorId: number;
  name: string;
  /** The ESX or Hyper-V host, or the appliance, that runs it. */
  host: string;
  /** `Audit`, `Instant Recovery` (sessions); `new`, `restore`, `idle`, `audit`, `live`, `halted` (replicas). */
  mode: string;
  /** `creating`, `available`, `migrating`, `tearing down`, `error` (sessions); a replica's last message. */
  status: string;
  /** The state a replica is going to; `migrating`/`creating`/`tearing down` for sessions under way. */
  pending?: string;
  /** ISO time the session was created (sessions only). */
  created?: string;
  address?: string;
  comment?: string;
  /** The appliance serves a VNC console for it now (appliance-hosted and running). */
  hasConsole: boolean;
  /** Something is changing: the view refreshes while any row is. */
  changing: boolean;
}

export interface SessionsListing {
  sessions: RecoverySession[];
  /** Profiles that could not be read, with the reason; their rows are missing from `sessions`. */
  failures: { profileId: string; profileName: string; message: string }[];
}

export interface SessionDetails {
  session: RecoverySession;
  actions: ActionSpec[];
  /** The vendor's records as they came: details, state, and for replicas the backup history. */
  raw: Record<string, unknown>;
}

/** A backed-up client that can be recovered. */
export interface RecoveryCandidate {
  /** `${profileId}/${clientId}@${systemId}`. */
  id: string;
  profileId: string;
  profileName: string;
  systemId: number;
  systemName: string;
  clientId: number;
  name: string;
  os: string;
  osId: number;
  /** The latest backup (what the candidate listing offers). */
  backupId: number;
}

/** One backup of a candidate, as the appliance's catalog lists it. */
export interface RecoveryBackup {
  id: number;
  /** Full, Incremental, … as the appliance names it. */
  type: string;
  /** ISO time it started, when the appliance says. */
  startedAt?: string;
}

/** Where a recovered VM can run. */
export interface RecoveryTarget {
  kind: 'VMware' | 'Hyper-V' | 'appliance';
  host: string;
  /** Datastores (VMware) or directories (Hyper-V), with free space in MB. */
  stores: { name: string; freeMB: number; sizeMB: number }[];
}

export interface StartRecovery {
  candidateId: string;
  backupId: number;
  target: { kind: RecoveryTarget['kind']; host?: string; store?: string };
  name: string;
  audit: boolean;
  powerOn: boolean;
  address?: string;
}

export interface DrMeasurement {
  candidateId: string;
  name: string;
  backupId: number;
  sessionName: string;
  outcome: 'running' | 'recovered' | 'failed' | 'cancelled';
  /** Milliseconds from the start request to `available`. */
  availableMs?: number;
  /** Milliseconds from the start request to the first console frame, where the session has a console. */
  firstFrameMs?: number;
  /** Path of the console screenshot saved as evidence (in the data folder's `dr-evidence`). */
  screenshot?: string;
  error?: string;
  /** Whether the session was torn down (or never existed). */
  tornDown: boolean;
}

export interface DrReport {
  id: string;
  startedAt: string;
  endedAt?: string;
  state: 'running' | 'finished' | 'cancelled';
  profileIds: string[];
  profileNames: string[];
  target: StartRecovery['target'];
  machines: DrMeasurement[];
}

/** A session as a machine row, so that the console path (which names machines) opens it like any other. */
export function sessionMachine(s: RecoverySession): Machine {
  return {
    id: s.id,
    profileId: s.profileId,
    vendor: 'unitrends',
    vendorId: s.id.slice(s.profileId.length + 1),
    kind: s.type === 'wir' ? 'virtual-client' : 'ir-session',
    name: s.name,
    power: s.hasConsole ? 'running' : 'unknown',
    vendorState: s.type === 'wir' ? s.mode : s.status,
    host: s.host,
    addresses: s.address ? [s.address] : [],
    tags: [],
    updatedAt: new Date().toISOString(),
  };
}
