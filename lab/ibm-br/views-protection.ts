import { pick, type Json } from './body';
import { progressAt, type Progress } from './lifecycle';
import type { Group, Policy, Run } from './model';
import { runId, type IbmState } from './state';
import { objectSummary } from './views-objects';

/* Wire shapes of policies, protection groups and their runs. */

export const POLICY_KEYS = [
  'name',
  'backupPolicy',
  'description',
  'blackoutWindow',
  'extendedRetention',
  'remoteTargetPolicy',
  'cascadedTargetsConfig',
  'retryOptions',
  'dataLock',
  'isCBSEnabled',
  'templateId',
] as const;

export const GROUP_KEYS = [
  'name',
  'policyId',
  'environment',
  'priority',
  'description',
  'startTime',
  'endTimeUsecs',
  'alertPolicy',
  'sla',
  'qosPolicy',
  'abortInBlackouts',
  'pauseInBlackouts',
  'isPaused',
  'advancedConfigs',
  'physicalParams',
  'mssqlParams',
  'kubernetesParams',
] as const;

export function policyView(state: IbmState, policy: Policy, includeStats: boolean): Json {
  const view: Json = {
    id: policy.id,
    ...pick(policy.spec, POLICY_KEYS),
    version: policy.version,
    lastModificationTimeUsecs: policy.lastModificationTimeUsecs,
    isUsable: true,
    isReplicated: false,
  };
  if (includeStats) {
    const groups = state.liveGroups().filter((group) => group.spec.policyId === policy.id);
    view.numProtectionGroups = groups.length;
    view.numProtectedObjects = new Set(groups.flatMap((group) => group.objectIds)).size;
  }
  return view;
}

export function groupView(state: IbmState, group: Group, includeLastRun: boolean): Json {
  const last = includeLastRun ? state.lastRun(group) : undefined;
  return {
    id: group.id,
    clusterId: String(state.cluster.clusterId),
    regionId: state.cluster.regionId,
    ...pick(group.spec, GROUP_KEYS),
    isPaused: group.spec.isPaused === true,
    lastModifiedTimestampUsecs: group.lastModifiedTimestampUsecs,
    isActive: !group.isDeleted,
    isDeleted: group.isDeleted,
    isProtectOnce: false,
    numProtectedObjects: group.objectIds.length,
    ...(last ? { lastRun: runView(state, group, last, false) } : {}),
  };
}

interface Counts {
  successful: number;
  failed: number;
  cancelled: number;
}

/** Objects finish one after another while a run progresses; failures are known at the end. */
function counts(run: Run, progress: Progress): Counts {
  const total = run.objectIds.length;
  const finished = Math.floor(progress.fraction * total);
  if (progress.phase === 'Done') {
    const failed = run.failedObjectIds.length;
    return { successful: total - failed, failed, cancelled: 0 };
  }
  if (progress.phase === 'Canceled') return { successful: finished, failed: 0, cancelled: total - finished };
  return { successful: finished, failed: 0, cancelled: 0 };
}

function taskId(state: IbmState, run: Run, offset: number): string {
  return state.entityId(run.taskSeq * 10 + offset);
}

function snapshotStatus(run: Run, progress: Progress, index: number, objectId: number): string {
  const done = progress.fraction * run.objectIds.length >= index + 1;
  switch (progress.phase) {
    case 'Done':
      if (run.failedObjectIds.includes(objectId)) return 'kFailed';
      return run.outcome === 'SucceededWithWarning' ? 'kWarning' : 'kSuccessful';
    case 'Paused':
      return done ? 'kSuccessful' : 'kCurrentAttemptPaused';
    case 'Canceling':
    case 'Canceled':
      return done ? 'kSuccessful' : 'kFailed';
    default:
      return done ? 'kSuccessful' : 'kInProgress';
  }
}

function objectDetails(state: IbmState, group: Group, run: Run, progress: Progress): Json[] {
  const endUsecs = progress.endedAt === undefined ? undefined : progress.endedAt * 1000;
  return run.objectIds.flatMap((objectId, index) => {
    const host = state.hosts.get(objectId);
    if (!host) return [];
    const status = snapshotStatus(run, progress, index, objectId);
    const failed = status === 'kFailed';
    const snapshotInfo: Json = {
      ...(state.hasSnapshot(run, objectId) ? { snapshotId: state.snapshotId(group, run, objectId) } : {}),
      status,
      ...(failed ? { statusMessage: run.messages[0] ?? 'The run was canceled.' } : {}),
      startTimeUsecs: run.startUsecs,
      ...(endUsecs !== undefined ? { endTimeUsecs: endUsecs, snapshotCreationTimeUsecs: endUsecs } : {}),
      admittedTimeUsecs: run.startUsecs,
      stats: {
        logicalSizeBytes: host.logicalSizeBytes,
        bytesWritten: run.bytesPerObject,
        bytesRead: run.bytesPerObject,
      },
      progressTaskId: `${taskId(state, run, 1)}/${objectId}`,
      expiryTimeUsecs: run.expiryUsecs,
    };
    const failedAttempts = failed
      ? [
          {
            startTimeUsecs: run.startUsecs,
            endTimeUsecs: endUsecs,
            status: 'Failed',
            message: snapshotInfo.statusMessage,
          },
        ]
      : [];
    return [{ object: objectSummary(state, host), localSnapshotInfo: { snapshotInfo, failedAttempts } }];
  });
}

/** `ProtectionGroupRun`: the status lives in `localBackupInfo.status` (the SDK model has no top-level status). */
export function runView(state: IbmState, group: Group, run: Run, includeObjects: boolean): Json {
  const progress = progressAt(run.timeline, state.now());
  const status = progress.phase === 'Done' ? run.outcome : progress.phase;
  const { successful, failed, cancelled } = counts(run, progress);
  const written = Math.round(run.bytesPerObject * run.objectIds.length * progress.fraction);
  return {
    id: runId(run),
    protectionGroupInstanceId: run.instanceId,
    protectionGroupId: group.id,
    isReplicationRun: false,
    protectionGroupName: group.spec.name,
    environment: group.spec.environment,
    isLocalSnapshotsDeleted: run.snapshotsDeleted,
    ...(includeObjects ? { objects: objectDetails(state, group, run, progress) } : {}),
    localBackupInfo: {
      runType: run.runType,
      isSlaViolated: false,
      startTimeUsecs: run.startUsecs,
      ...(progress.endedAt !== undefined ? { endTimeUsecs: progress.endedAt * 1000 } : {}),
      status,
      messages: progress.phase === 'Done' ? run.messages : [],
      successfulObjectsCount: successful,
      skippedObjectsCount: 0,
      failedObjectsCount: failed,
      cancelledObjectsCount: cancelled,
      successfulAppObjectsCount: 0,
      failedAppObjectsCount: 0,
      cancelledAppObjectsCount: 0,
      localSnapshotStats: { logicalSizeBytes: written, bytesWritten: written, bytesRead: written },
      indexingTaskId: taskId(state, run, 2),
      progressTaskId: taskId(state, run, 1),
      statsTaskId: taskId(state, run, 3),
      localTaskId: taskId(state, run, 0),
    },
    onLegalHold: run.onLegalHold,
    isCloudArchivalDirect: false,
    hasLocalSnapshot: progress.phase === 'Done' && successful > 0 && !run.snapshotsDeleted,
  };
}
