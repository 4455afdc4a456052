import { optArray, optInt, optString, requireBody, type Json } from './body';
import { badRequest, notFound } from './errors';
import { created, ok, type Route } from './http';
import { timeline } from './lifecycle';
import type { UpgradeTask } from './model';
import { intList, within } from './query';
import type { IbmState } from './state';
import { upgradeTaskView } from './views-connections';

/* Agent upgrade tasks (the agent installer download is in routes-downloads.ts). */

const CLUSTER_VERSION = '7.2.2_u1';

function agentIds(state: IbmState, body: Json, retried?: UpgradeTask): number[] {
  const raw = optArray(body, 'agentIDs');
  const ids = raw ? raw.map((id) => (typeof id === 'number' && Number.isInteger(id) ? id : NaN)) : undefined;
  if (ids?.some(Number.isNaN)) throw badRequest('The request body has an error: agentIDs must be integers');
  const chosen = ids?.length ? ids : retried?.failedAgentIds;
  if (!chosen?.length) throw badRequest('The request body has an error: agentIDs is required');
  for (const id of chosen) if (!state.hosts.has(id)) throw notFound(`Agent with id ${id} not found.`);
  return chosen;
}

export function agentRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-protect/agents/upgrade-tasks', (req) => {
    const ids = intList(req.query, 'ids');
    const tasks = [...state.upgradeTasks.values()].filter((task) => within(ids, task.id));
    return ok({ tasks: tasks.map((task) => upgradeTaskView(state, task)) });
  });

  route('POST', '/data-protect/agents/upgrade-tasks', (req) => {
    const body = requireBody(req.body);
    const retryOf = optInt(body, 'retryTaskId');
    const retried = retryOf === undefined ? undefined : state.upgradeTasks.get(retryOf);
    if (retryOf !== undefined && !retried) throw notFound(`Upgrade task ${retryOf} not found.`);
    const ids = agentIds(state, body, retried);
    const now = state.now();
    const scheduleTimeUsecs = optInt(body, 'scheduleTimeUsecs');
    const scheduleEndTimeUsecs = optInt(body, 'scheduleEndTimeUsecs');
    // A schedule is a wall-clock time chosen by the user: it is not scaled; the upgrade itself is.
    const startAt =
      scheduleTimeUsecs !== undefined ? Math.max(now, Math.floor(scheduleTimeUsecs / 1000)) : now;
    const id = state.nextTaskId();
    const description = optString(body, 'description');
    const task: UpgradeTask = {
      id,
      name: optString(body, 'name') ?? `Agent upgrade task ${id}`,
      ...(description !== undefined ? { description } : {}),
      type: retried ? 'Retry' : 'Manual',
      agentIds: ids,
      ...(retried ? { retriedTaskId: retried.id } : {}),
      ...(scheduleTimeUsecs !== undefined ? { scheduleTimeUsecs } : {}),
      ...(scheduleEndTimeUsecs !== undefined ? { scheduleEndTimeUsecs } : {}),
      timeline: timeline(startAt, 0, state.clock.scaled(Math.min(120_000, 15_000 * ids.length))),
      failedAgentIds: [],
      clusterVersion: CLUSTER_VERSION,
      previousVersions: new Map(
        ids.map((agent) => [agent, state.hosts.get(agent)?.agentVersion ?? '7.1.2_u2']),
      ),
    };
    state.upgradeTasks.set(id, task);
    for (const agent of ids) {
      const host = state.hosts.get(agent);
      if (host) host.agentVersion = CLUSTER_VERSION;
    }
    return created(upgradeTaskView(state, task));
  });
}
