import type { Json } from './body';
import { progressAt } from './lifecycle';
import type { Group, Host, Run } from './model';
import { runId, type IbmState } from './state';

/* Wire shapes of hosts: object summaries, search results, snapshots and registrations. */

export const STORAGE_DOMAIN_ID = 5_405;

/** The `Object` summary (id, name, source, environment, type, size, uuid, OS) that many responses embed. */
export function objectSummary(state: IbmState, host: Host): Json {
  return {
    id: host.id,
    name: host.name,
    sourceId: host.id,
    sourceName: host.name,
    environment: host.environment,
    objectType: host.environment === 'kKubernetes' ? 'kCluster' : 'kHost',
    logicalSizeBytes: host.logicalSizeBytes,
    uuid: host.uuid,
    globalId: `${state.cluster.clusterId}:${state.cluster.incarnationId}:${host.id}`,
    protectionType: 'kAgent',
    osType: host.osType,
  };
}

function groupInfo(state: IbmState, group: Group): Json {
  const policy = state.policies.get(String(group.spec.policyId));
  const last = state.lastRun(group);
  return {
    name: group.spec.name,
    id: group.id,
    policyName: policy?.spec.name,
    policyId: group.spec.policyId,
    ...(last ? { lastBackupRunStatus: state.runStatus(last) } : {}),
    lastRunSlaViolated: false,
  };
}

/** The status of the newest run that covered a host, over all its groups. */
export function lastRunStatusOf(state: IbmState, host: Host): string | undefined {
  let newest: Run | undefined;
  for (const group of state.groupsOfHost(host.id)) {
    const run = state.lastRun(group);
    if (run && (!newest || run.startUsecs > newest.startUsecs)) newest = run;
  }
  return newest && state.runStatus(newest);
}

export function searchObjectView(state: IbmState, host: Host): Json {
  const groups = state.groupsOfHost(host.id);
  const lastRunStatus = lastRunStatusOf(state, host);
  return {
    ...objectSummary(state, host),
    sourceInfo: objectSummary(state, host),
    objectProtectionInfos: [
      {
        objectId: host.id,
        sourceId: host.id,
        regionId: state.cluster.regionId,
        clusterId: state.cluster.clusterId,
        clusterIncarnationId: state.cluster.incarnationId,
        tenantIds: [state.tenantId],
        isDeleted: false,
        protectionGroups: groups.map((group) => groupInfo(state, group)),
        ...(lastRunStatus ? { lastRunStatus } : {}),
      },
    ],
  };
}

/** The newest run of a group that left a snapshot of the host. */
export function latestSnapshotRun(state: IbmState, group: Group, hostId: number): Run | undefined {
  for (let i = group.runs.length - 1; i >= 0; i--) {
    const run = group.runs[i];
    if (run && state.hasSnapshot(run, hostId)) return run;
  }
  return undefined;
}

export function endUsecs(state: IbmState, run: Run): number | undefined {
  const { endedAt } = progressAt(run.timeline, state.now());
  return endedAt === undefined ? undefined : endedAt * 1000;
}

export function protectedObjectView(state: IbmState, host: Host, groups: readonly Group[]): Json {
  const latestSnapshotsInfo = groups.flatMap((group) => {
    const run = latestSnapshotRun(state, group, host.id);
    if (!run) return [];
    return [
      {
        localSnapshotInfo: {
          snapshotId: state.snapshotId(group, run, host.id),
          logicalSizeBytes: run.bytesPerObject,
        },
        indexingStatus: 'Done',
        protectionGroupId: group.id,
        protectionGroupName: group.spec.name,
        runInstanceId: run.instanceId,
        protectionRunId: runId(run),
        runType: run.runType,
        protectionRunStartTimeUsecs: run.startUsecs,
        protectionRunEndTimeUsecs: endUsecs(state, run),
      },
    ];
  });
  return { ...objectSummary(state, host), sourceInfo: objectSummary(state, host), latestSnapshotsInfo };
}

export function snapshotView(state: IbmState, group: Group, run: Run, host: Host): Json {
  const protectionType = (group.spec.physicalParams as Json | undefined)?.protectionType ?? 'kFile';
  return {
    id: state.snapshotId(group, run, host.id),
    objectId: host.id,
    objectName: host.name,
    sourceId: host.id,
    environment: host.environment,
    snapshotTimestampUsecs: endUsecs(state, run) ?? run.startUsecs,
    runStartTimeUsecs: run.startUsecs,
    runInstanceId: run.instanceId,
    runType: run.runType,
    protectionGroupId: group.id,
    protectionGroupName: group.spec.name,
    protectionGroupRunId: runId(run),
    snapshotTargetType: 'Local',
    indexingStatus: 'Done',
    expiryTimeUsecs: run.expiryUsecs,
    hasDataLock: false,
    onLegalHold: run.onLegalHold,
    ownershipContext: 'Local',
    storageDomainId: STORAGE_DOMAIN_ID,
    clusterId: state.cluster.clusterId,
    clusterIncarnationId: state.cluster.incarnationId,
    regionId: state.cluster.regionId,
    physicalParams: { enableSystemBackup: false, protectionType },
  };
}

export function authenticationStatus(state: IbmState, host: Host): string {
  const { phase } = progressAt(host.refresh, state.now());
  if (phase === 'Done') return 'Finished';
  return host.refreshKind === 'register' ? 'Pending' : 'RefreshInProgress';
}

/** `SourceRegistrationResponseParams`; connection ids are int64 beyond 2^53, hence bigint. */
export function registrationView(state: IbmState, host: Host): Json {
  const { endedAt } = progressAt(host.refresh, state.now());
  const connectionId = BigInt(host.connectionId);
  // One connector group per connection; a distinct int64 as large as the connection id.
  const connectorGroupId = connectionId / 2n + 1n;
  return {
    id: host.id,
    sourceId: host.id,
    sourceInfo: objectSummary(state, host),
    environment: host.environment,
    name: host.name,
    connectionId,
    connections: [
      { connectionId, entityId: host.id, connectorGroupId, dataSourceConnectionId: host.connectionId },
    ],
    connectorGroupId,
    dataSourceConnectionId: host.connectionId,
    authenticationStatus: authenticationStatus(state, host),
    registrationTimeMsecs: host.registeredAt,
    ...(endedAt !== undefined ? { lastRefreshedTimeMsecs: endedAt } : {}),
    ...host.extra,
    ...(host.environment === 'kKubernetes'
      ? {}
      : {
          physicalParams: {
            endpoint: host.endpoint,
            forceRegister: false,
            hostType: host.osType,
            physicalType: 'kHost',
            ...(host.applications.length ? { applications: host.applications } : {}),
          },
        }),
  };
}
