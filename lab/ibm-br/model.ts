import type { Json } from './body';
import type { Selection } from './downloads';
import type { OsType } from './files';
import type { Timeline } from './lifecycle';

/* The simulator's state records. Wire shapes are built from these in views-*.ts. */

export const ENVIRONMENTS = ['kPhysical', 'kSQL', 'kKubernetes'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The body key holding an environment's parameters (groups, recoveries). */
export const ENV_PARAMS: Readonly<Record<Environment, string>> = {
  kPhysical: 'physicalParams',
  kSQL: 'mssqlParams',
  kKubernetes: 'kubernetesParams',
};

export type Outcome = 'Succeeded' | 'SucceededWithWarning' | 'Failed';

export interface Cluster {
  clusterId: number;
  incarnationId: number;
  name: string;
  regionId: string;
}

/** A registered source. For physical hosts the object id, source id and registration id are one number. */
export interface Host {
  id: number;
  name: string;
  endpoint: string;
  environment: Environment;
  osType: OsType;
  uuid: string;
  logicalSizeBytes: number;
  agentVersion: string;
  /** Data-source connection (digits, beyond 2^53: a string there, an int64 in registrations). */
  connectionId: string;
  registeredAt: number;
  /** Registration or refresh in progress: Pending/RefreshInProgress until it is done. */
  refresh: Timeline;
  refreshKind: 'register' | 'refresh';
  applications: string[];
  lastModifiedUsecs: number;
  /** Body fields echoed back for registrations made through the API (advancedConfigs, kubernetesParams...). */
  extra: Json;
}

export interface Policy {
  id: string;
  /** The fields of the create/update body, as sent (absent stays absent). */
  spec: Json;
  version: number;
  lastModificationTimeUsecs: number;
}

export interface Run {
  instanceId: number;
  groupSeq: number;
  startUsecs: number;
  runType: string;
  /** The objects this run protects: the group's, or the subset a POST .../runs named. */
  objectIds: readonly number[];
  timeline: Timeline;
  outcome: Outcome;
  /** Objects that failed in this run (the others got a snapshot). */
  failedObjectIds: number[];
  messages: string[];
  /** Logical bytes backed up per object when done. */
  bytesPerObject: number;
  onLegalHold: boolean;
  snapshotsDeleted: boolean;
  expiryUsecs: number;
  taskSeq: number;
}

export interface Group {
  seq: number;
  id: string;
  spec: Json;
  objectIds: number[];
  runs: Run[];
  runsById: Map<string, Run>;
  isDeleted: boolean;
  lastModifiedTimestampUsecs: number;
  /** Hosts in seeded "broken" groups fail every run with this message. */
  failure?: { objectId: number; message: string };
}

export interface SnapshotRef {
  groupSeq: number;
  instanceId: number;
  objectId: number;
}

export interface Recovery {
  seq: number;
  id: string;
  name: string;
  action: string;
  environment: Environment;
  timeline: Timeline;
  outcome: Outcome;
  messages: string[];
  userName: string;
  snapshot: SnapshotRef;
  snapshotId: string;
  selections: Selection[];
  /** Absolute paths that were asked for but are not in the snapshot. */
  missing: string[];
  /** The physicalParams of a POST /recoveries body, echoed back. */
  params?: Json;
  downloadExpiryUsecs?: number;
  parentRecoveryId?: string;
  /** A lab-made download (tests and the bench): its output is `size` keyed bytes under this name. */
  synthetic?: { fileName: string; size: number };
}

export interface Connection {
  id: string;
  name: string;
  envType?: string;
  connectorIds: string[];
  registrationToken?: string;
}

export interface Connector {
  id: string;
  name: string;
  connectionId: string;
  clusterSideIp: string;
  tenantSideIp: string;
  softwareVersion: string;
  connected: boolean;
  lastConnectedSecs: number;
  upgrade: { status: string; message?: string; startMs: number };
}

export interface UpgradeTask {
  id: number;
  name: string;
  description?: string;
  type: 'Auto' | 'Manual' | 'Retry';
  agentIds: number[];
  retriedTaskId?: number;
  scheduleTimeUsecs?: number;
  scheduleEndTimeUsecs?: number;
  timeline: Timeline;
  failedAgentIds: number[];
  clusterVersion: string;
  previousVersions: Map<number, string>;
}
