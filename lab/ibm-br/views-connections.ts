import type { Json } from './body';
import { progressAt } from './lifecycle';
import type { Connection, Connector, UpgradeTask } from './model';
import type { IbmState } from './state';

/* Wire shapes of data-source connections, connectors and agent upgrade tasks. */

export function connectionView(state: IbmState, connection: Connection): Json {
  return {
    connectionId: connection.id,
    connectionName: connection.name,
    ...(connection.envType ? { connectionEnvType: connection.envType } : {}),
    connectorIds: connection.connectorIds,
    ...(connection.registrationToken ? { registrationToken: connection.registrationToken } : {}),
    tenantId: state.tenantId,
  };
}

export function connectorView(state: IbmState, connector: Connector): Json {
  const nowSecs = Math.floor(state.now() / 1000);
  return {
    connectorId: connector.id,
    connectorName: connector.name,
    connectionId: connector.connectionId,
    clusterSideIp: connector.clusterSideIp,
    tenantSideIp: connector.tenantSideIp,
    softwareVersion: connector.softwareVersion,
    connectivityStatus: {
      isConnected: connector.connected,
      lastConnectedTimestampSecs: connector.connected ? nowSecs : connector.lastConnectedSecs,
      ...(connector.connected ? {} : { message: 'The connector has not sent a heartbeat recently.' }),
    },
    upgradeStatus: {
      status: connector.upgrade.status,
      ...(connector.upgrade.message ? { message: connector.upgrade.message } : {}),
      startTimestampMSecs: connector.upgrade.startMs,
      lastStatusFetchedTimestampMsecs: state.now(),
    },
  };
}

function taskStatus(task: UpgradeTask, phase: string): string {
  if (phase === 'Accepted') return 'Scheduled';
  if (phase === 'Running' || phase === 'Canceled') return phase;
  if (task.failedAgentIds.length === 0) return 'Succeeded';
  return task.failedAgentIds.length === task.agentIds.length ? 'Failed' : 'PartiallyFailed';
}

export function upgradeTaskView(state: IbmState, task: UpgradeTask): Json {
  const progress = progressAt(task.timeline, state.now());
  const status = taskStatus(task, progress.phase);
  const started = progress.phase !== 'Accepted';
  const startTimeUsecs = task.timeline.startedAt * 1000;
  const endTimeUsecs = progress.endedAt === undefined ? undefined : progress.endedAt * 1000;
  const failure = {
    errorCode: 'KAgentUpgradeFailed',
    message: 'Agent upgrade failed: the host did not respond.',
  };
  const agents = task.agentIds.map((id, index) => {
    const done = progress.phase === 'Done' || progress.fraction * task.agentIds.length >= index + 1;
    const failed = done && progress.phase === 'Done' && task.failedAgentIds.includes(id);
    let agentStatus = started ? 'Started' : 'Scheduled';
    if (done) agentStatus = failed ? 'Failed' : 'Succeeded';
    return {
      id,
      info: {
        name: state.hosts.get(id)?.name ?? `agent-${id}`,
        status: agentStatus,
        ...(started ? { startTimeUsecs } : {}),
        ...(done && endTimeUsecs !== undefined ? { endTimeUsecs } : {}),
        previousSoftwareVersion: task.previousVersions.get(id) ?? '7.1.2_u2',
        ...(failed ? { error: failure } : {}),
      },
    };
  });
  return {
    id: task.id,
    name: task.name,
    ...(task.description ? { description: task.description } : {}),
    status,
    type: task.type,
    agentIDs: task.agentIds,
    agents,
    clusterVersion: task.clusterVersion,
    ...(task.scheduleTimeUsecs !== undefined ? { scheduleTimeUsecs: task.scheduleTimeUsecs } : {}),
    ...(task.scheduleEndTimeUsecs !== undefined ? { scheduleEndTimeUsecs: task.scheduleEndTimeUsecs } : {}),
    ...(started ? { startTimeUsecs } : {}),
    ...(endTimeUsecs !== undefined ? { endTimeUsecs } : {}),
    isRetryable: status === 'Failed' || status === 'PartiallyFailed',
    ...(task.retriedTaskId !== undefined ? { retriedTaskID: task.retriedTaskId } : {}),
    ...(status === 'Failed' || status === 'PartiallyFailed' ? { error: failure } : {}),
  };
}
