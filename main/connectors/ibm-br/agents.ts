import type { UpgradeTaskView } from '../../../common/contract/protection-admin';
import type { ProtectionAdminOperations } from '../protection-admin';
import type { IbmApi } from './api';
import { exactInt, usecsToIso } from './exact';
import type { Int64 } from './wire';

/* Agent upgrade tasks (`/data-protect/agents/upgrade-tasks`); the installer download is the download manager's. */

interface WireError {
  errorCode?: string;
  message?: string;
}

interface WireUpgradeTask {
  id?: Int64;
  name?: string;
  status?: string;
  type?: string;
  clusterVersion?: string;
  scheduleTimeUsecs?: number;
  startTimeUsecs?: number;
  endTimeUsecs?: number;
  agents?:
    | {
        id?: Int64;
        info?: { name?: string; status?: string; previousSoftwareVersion?: string; error?: WireError };
      }[]
    | null;
  error?: WireError;
}

const ENDED = new Set(['Succeeded', 'Failed', 'Canceled', 'Skipped']);
const said = (error: WireError | undefined): string | undefined =>
  error?.message ? (error.errorCode ? `${error.errorCode}: ${error.message}` : error.message) : undefined;

export function upgradeTaskView(wire: WireUpgradeTask): UpgradeTaskView {
  const agents = (wire.agents ?? []).map((agent) => {
    const error = said(agent.info?.error);
    return {
      id: String(agent.id ?? ''),
      name: agent.info?.name ?? String(agent.id ?? ''),
      status: agent.info?.status ?? 'Unknown',
      ...(agent.info?.previousSoftwareVersion ? { previousVersion: agent.info.previousSoftwareVersion } : {}),
      ...(error ? { error } : {}),
    };
  });
  const optional = {
    type: wire.type,
    clusterVersion: wire.clusterVersion,
    scheduledAt: usecsToIso(wire.scheduleTimeUsecs),
    startedAt: usecsToIso(wire.startTimeUsecs),
    endedAt: usecsToIso(wire.endTimeUsecs),
    error: said(wire.error),
  };
  return {
    id: String(wire.id ?? ''),
    name: wire.name ?? `Upgrade task ${String(wire.id ?? '')}`,
    status: wire.status ?? 'Unknown',
    agents,
    finished: agents.filter((agent) => ENDED.has(agent.status)).length,
    ...(Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ) as Partial<UpgradeTaskView>),
  };
}

export function createIbmAgents(api: IbmApi): ProtectionAdminOperations['agents'] {
  return {
    async upgradeTasks() {
      const answer = await api.call<{ tasks?: WireUpgradeTask[] | null }>({
        method: 'GET',
        path: 'data-protect/agents/upgrade-tasks',
      });
      // Newest first: ids grow with each task.
      return (answer?.tasks ?? []).map(upgradeTaskView).sort((a, b) => Number(b.id) - Number(a.id));
    },
    async createUpgradeTask({ agentIds, scheduleAt, name }) {
      const created = await api.call<WireUpgradeTask>({
        method: 'POST',
        path: 'data-protect/agents/upgrade-tasks',
        json: {
          agentIDs: agentIds.map(exactInt),
          ...(scheduleAt ? { scheduleTimeUsecs: scheduleAt.getTime() * 1000 } : {}),
          ...(name ? { name } : {}),
        },
      });
      return upgradeTaskView(created);
    },
  };
}
