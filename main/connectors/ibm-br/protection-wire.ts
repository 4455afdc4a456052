import type { Int64, ObjectSummary } from './wire';

/* What `/v2/data-protect/protection-groups…` answers (ibm-backup-recovery.md §9, items 10–19); any field may be missing. */

export interface WireSnapshotInfo {
  status?: string;
  statusMessage?: string;
  expiryTimeUsecs?: number;
}

export interface WireRunObject {
  object?: ObjectSummary;
  localSnapshotInfo?: {
    snapshotInfo?: WireSnapshotInfo;
    failedAttempts?: { message?: string }[] | null;
  };
}

export interface WireRun {
  id?: string;
  onLegalHold?: boolean;
  localBackupInfo?: {
    runType?: string;
    status?: string;
    startTimeUsecs?: number;
    endTimeUsecs?: number;
    messages?: string[] | null;
    isSlaViolated?: boolean;
    successfulObjectsCount?: number;
    failedObjectsCount?: number;
    cancelledObjectsCount?: number;
    localTaskId?: string;
  } | null;
  objects?: WireRunObject[] | null;
}

export interface WireObjectRef {
  id?: Int64;
  name?: string;
}

/** The body of a group as `POST`/`PUT` take it, with the answer's extra fields; unknown ones are kept as they came. */
export interface WireGroup {
  id?: string;
  name?: string;
  policyId?: string;
  environment?: string;
  isPaused?: boolean;
  numProtectedObjects?: number;
  sla?: { backupRunType?: string; slaMinutes?: number }[] | null;
  lastRun?: WireRun;
  physicalParams?: {
    protectionType?: string;
    fileProtectionTypeParams?: { objects?: WireObjectRef[] | null };
    volumeProtectionTypeParams?: { objects?: WireObjectRef[] | null };
  };
  [key: string]: unknown;
}

/** The fields of a group answer that a `PUT` body does not carry. */
export const ANSWER_ONLY_GROUP_FIELDS = [
  'id',
  'clusterId',
  'regionId',
  'isActive',
  'isDeleted',
  'isProtectOnce',
  'numProtectedObjects',
  'lastRun',
  'missingEntities',
  'invalidEntities',
  'permissions',
] as const;
