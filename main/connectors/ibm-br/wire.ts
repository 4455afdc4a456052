/* What the `/v2` service answers (ibm-backup-recovery.md §9); every field may be missing. Read with `int64`, so ids
   beyond 2^53 arrive as decimal strings and smaller ones as numbers. */

export type Int64 = number | string;

/** The object summary many answers embed. */
export interface ObjectSummary {
  id?: Int64;
  name?: string;
  sourceId?: Int64;
  sourceName?: string;
  /** `kPhysical`, `kVMware`, `kKubernetes`, … */
  environment?: string;
  /** `kHost`, `kVirtualMachine`, `kCluster`, … */
  objectType?: string;
  /** `kLinux`, `kWindows`, … */
  osType?: string;
}

export interface ProtectionGroupRef {
  id?: string;
  name?: string;
  policyId?: string;
  policyName?: string;
  lastBackupRunStatus?: string;
}

export interface ObjectProtectionInfo {
  isDeleted?: boolean;
  protectionGroups?: ProtectionGroupRef[] | null;
  lastRunStatus?: string;
}

export interface SearchObject extends ObjectSummary {
  sourceInfo?: ObjectSummary;
  objectProtectionInfos?: ObjectProtectionInfo[] | null;
}

export interface SearchObjectsAnswer {
  objects?: SearchObject[] | null;
  paginationCookie?: string;
  count?: number;
}

export interface ProtectedObjectsAnswer {
  objects?: ObjectSummary[] | null;
}

export interface Registration {
  id?: Int64;
  sourceId?: Int64;
  sourceInfo?: ObjectSummary;
  connectionId?: Int64;
  dataSourceConnectionId?: string;
  connections?: { connectionId?: Int64; dataSourceConnectionId?: string }[] | null;
  physicalParams?: { endpoint?: string };
  kubernetesParams?: { endpoint?: string };
}

export interface RegistrationsAnswer {
  registrations?: Registration[] | null;
}

export interface ConnectionsAnswer {
  connections?: { connectionId?: Int64; connectionName?: string }[] | null;
}

export interface Snapshot {
  snapshotTimestampUsecs?: number;
}

export interface SnapshotsAnswer {
  snapshots?: Snapshot[] | null;
}
