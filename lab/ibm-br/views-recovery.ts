import type { Json } from './body';
import { recoveryOutput } from './downloads';
import { fileCatalogue, selectFiles } from './files';
import { progressAt, type Progress } from './lifecycle';
import type { Recovery } from './model';
import type { IbmState } from './state';
import { endUsecs, objectSummary } from './views-objects';

/* The `Recovery` wire shape, with per-object and per-file progress computed from the timeline. */

/** Per-file status: estimation first, then files are copied one after another. */
function fileStatus(progress: Progress, index: number, count: number, missing: boolean): string {
  if (progress.phase === 'Done') return missing ? 'NotStarted' : 'Finished';
  if (progress.phase === 'Accepted') return 'NotStarted';
  const f = progress.fraction;
  if (f < 0.15) return 'EstimationInProgress';
  if (f < 0.3) return 'EstimationDone';
  if (missing) return 'NotStarted';
  return f >= 0.3 + (0.7 * (index + 1)) / count ? 'Finished' : 'CopyInProgress';
}

function copiedFraction(progress: Progress): number {
  if (progress.phase === 'Done') return 1;
  return Math.max(0, (progress.fraction - 0.3) / 0.7);
}

function selectedBytes(state: IbmState, recovery: Recovery, hostId: number): number {
  if (recovery.synthetic) return recovery.synthetic.size;
  const host = state.hosts.get(hostId);
  if (!host) return 0;
  const catalogue = fileCatalogue(state.seed, host.id, host.osType);
  return recovery.selections
    .flatMap((selection) => selectFiles(catalogue, selection.absolutePath))
    .reduce((sum, file) => sum + file.size, 0);
}

export function downloadFileName(state: IbmState, recovery: Recovery): string {
  if (recovery.synthetic) return recovery.synthetic.fileName;
  const host = state.hosts.get(recovery.snapshot.objectId);
  if (!host) return `${recovery.name}.tar`;
  const output = recoveryOutput(state.seed, host.id, host.osType, recovery.selections);
  const first = output.files[0];
  return output.kind === 'file' && first ? first.name : `${recovery.name}.tar`;
}

export function recoveryStatus(state: IbmState, recovery: Recovery): string {
  const { phase } = progressAt(recovery.timeline, state.now());
  return phase === 'Done' ? recovery.outcome : phase;
}

export function recoveryView(state: IbmState, recovery: Recovery): Json {
  const progress = progressAt(recovery.timeline, state.now());
  const status = progress.phase === 'Done' ? recovery.outcome : progress.phase;
  const group = state.groupsBySeq.get(recovery.snapshot.groupSeq);
  const run = group?.runs.find((item) => item.instanceId === recovery.snapshot.instanceId);
  const host = state.hosts.get(recovery.snapshot.objectId);
  const startTimeUsecs = recovery.timeline.startedAt * 1000;
  const endTimeUsecs = progress.endedAt === undefined ? undefined : progress.endedAt * 1000;
  const progressTaskId = `recovery/${state.entityId(recovery.seq)}`;
  const filesAndFolders = recovery.selections.map((selection, index) => {
    const missing = recovery.missing.includes(selection.absolutePath);
    return {
      absolutePath: selection.absolutePath,
      isDirectory: selection.isDirectory ?? false,
      status: fileStatus(progress, index, recovery.selections.length, missing),
      ...(missing ? { messages: [`${selection.absolutePath} was not found in the snapshot.`] } : {}),
    };
  });
  const object = {
    snapshotId: recovery.snapshotId,
    ...(group ? { protectionGroupId: group.id, protectionGroupName: group.spec.name } : {}),
    ...(run ? { snapshotCreationTimeUsecs: endUsecs(state, run) } : {}),
    ...(host ? { objectInfo: objectSummary(state, host) } : {}),
    snapshotTargetType: 'Local',
    progressTaskId: `${progressTaskId}/object`,
    status,
    startTimeUsecs,
    ...(endTimeUsecs !== undefined ? { endTimeUsecs } : {}),
    messages: progress.phase === 'Done' ? recovery.messages : [],
    bytesRestored: Math.round(
      selectedBytes(state, recovery, recovery.snapshot.objectId) * copiedFraction(progress),
    ),
  };
  const physicalParams: Json =
    recovery.action === 'DownloadFilesAndFolders'
      ? {
          // IBM's and Cohesity's models both require it, downloads included.
          recoveryAction: 'DownloadFilesAndFolders',
          objects: [object],
          downloadFileAndFolderParams: {
            expiryTimeUsecs: recovery.downloadExpiryUsecs,
            filesAndFolders,
            downloadFilePath: `/downloads/${recovery.id}/${downloadFileName(state, recovery)}`,
          },
        }
      : recoverParams(recovery, object, filesAndFolders, state);
  return {
    id: recovery.id,
    name: recovery.name,
    startTimeUsecs,
    ...(endTimeUsecs !== undefined ? { endTimeUsecs } : {}),
    status,
    progressTaskId,
    snapshotEnvironment: recovery.environment,
    recoveryAction: recovery.action,
    creationInfo: { userName: recovery.userName },
    canTearDown: false,
    messages: progress.phase === 'Done' ? recovery.messages : [],
    isParentRecovery: false,
    ...(recovery.parentRecoveryId ? { parentRecoveryId: recovery.parentRecoveryId } : {}),
    isMultiStageRestore: false,
    physicalParams,
  };
}

/** A POST /recoveries body echoed back with the server's per-object and per-file state. */
function recoverParams(recovery: Recovery, object: Json, filesAndFolders: Json[], state: IbmState): Json {
  const params = recovery.params ?? {};
  const fileParams = params.recoverFileAndFolderParams as Json | undefined;
  const target = (fileParams?.physicalTargetParams as Json | undefined)?.recoverTarget as Json | undefined;
  const targetHost = typeof target?.id === 'number' ? state.hosts.get(target.id) : undefined;
  return {
    ...params,
    objects: [object],
    ...(fileParams
      ? {
          recoverFileAndFolderParams: {
            ...fileParams,
            filesAndFolders,
            physicalTargetParams: {
              ...(fileParams.physicalTargetParams as Json),
              recoverTarget: { ...target, ...(targetHost ? { name: targetHost.name } : {}) },
            },
          },
        }
      : {}),
  };
}
