import {
  isObject,
  objects,
  oneOf,
  optString,
  pick,
  reqArray,
  reqInt,
  reqObject,
  reqString,
  requireBody,
  type Json,
} from './body';
import { assertUniqueName, badRequest, notFound } from './errors';
import { created, noContent, ok, param, type Route } from './http';
import { cancel } from './lifecycle';
import { ENV_PARAMS, ENVIRONMENTS, type Environment, type Group } from './model';
import { bool, intList, stringList, within } from './query';
import type { IbmState } from './state';
import { GROUP_KEYS, groupView } from './views-protection';

/* Protection groups: list, create, get, replace, delete. */

/** Ids of the hosts a physical or SQL group protects, checked against the registered sources. */
function protectedIds(state: IbmState, environment: Environment, params: Json): number[] {
  if (environment === 'kKubernetes') return [];
  let holders: Json[];
  if (environment === 'kPhysical') {
    const type = oneOf(
      reqString(params, 'protectionType'),
      ['kFile', 'kVolume'],
      'physicalParams.protectionType',
    );
    const key = type === 'kFile' ? 'fileProtectionTypeParams' : 'volumeProtectionTypeParams';
    holders = [reqObject(params, key)];
  } else holders = Object.values(params).filter(isObject);
  const ids = holders.flatMap((holder) =>
    objects(holder.objects === undefined ? [] : reqArray(holder, 'objects'), 'objects').map((item) =>
      reqInt(item, 'id'),
    ),
  );
  if (ids.length === 0)
    throw badRequest('The request body has an error: at least one object must be protected');
  for (const id of ids) if (!state.hosts.has(id)) throw notFound(`Object with id ${id} not found.`);
  return [...new Set(ids)];
}

function validateGroup(state: IbmState, body: Json, self?: Group): { spec: Json; objectIds: number[] } {
  const name = reqString(body, 'name');
  state.policy(reqString(body, 'policyId'));
  const environment = oneOf(reqString(body, 'environment'), ENVIRONMENTS, 'environment');
  const priority = optString(body, 'priority');
  if (priority !== undefined) oneOf(priority, ['kLow', 'kMedium', 'kHigh'], 'priority');
  const qos = optString(body, 'qosPolicy');
  if (qos !== undefined)
    oneOf(qos, ['kBackupHDD', 'kBackupSSD', 'kTestAndDevHigh', 'kBackupAll'], 'qosPolicy');
  const key = ENV_PARAMS[environment];
  const params = body[key];
  if (!isObject(params))
    throw badRequest(`Parameters '${key}' must be specified for environment type '${environment}'`);
  const objectIds = protectedIds(state, environment, params);
  assertUniqueName(state.liveGroups(), (group) => group.spec.name, name, self, 'Protection group');
  return { spec: pick(body, GROUP_KEYS), objectIds };
}

/** `pruneSourceIds=true`: "the response will exclude the list of source IDs within the group" (SDK field doc). */
function withoutSourceIds(view: Json): Json {
  const params = view.physicalParams;
  if (!isObject(params)) return view;
  const pruned: Json = { ...params };
  for (const key of ['fileProtectionTypeParams', 'volumeProtectionTypeParams']) {
    const holder = params[key];
    if (isObject(holder)) {
      const { objects: _objects, ...rest } = holder;
      pruned[key] = rest;
    }
  }
  return { ...view, physicalParams: pruned };
}

export function groupRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-protect/protection-groups', (req) => {
    const q = req.query;
    const ids = stringList(q, 'ids');
    const names = stringList(q, 'names');
    const policyIds = stringList(q, 'policyIds');
    const environments = stringList(q, 'environments');
    const lastStatus = stringList(q, 'lastRunLocalBackupStatus') ?? stringList(q, 'lastRunAnyStatus');
    const sourceIds = intList(q, 'sourceIds');
    const [isActive, isDeleted, isPaused] = [bool(q, 'isActive'), bool(q, 'isDeleted'), bool(q, 'isPaused')];
    const includeLastRun = bool(q, 'includeLastRunInfo') ?? false;
    const prune = bool(q, 'pruneSourceIds') ?? false;
    const groups = [...state.groups.values()].filter((group) => {
      const last = state.lastRun(group);
      return (
        group.isDeleted === (isDeleted ?? false) &&
        (isActive === undefined || isActive === !group.isDeleted) &&
        (isPaused === undefined || isPaused === (group.spec.isPaused === true)) &&
        within(ids, group.id) &&
        within(names, String(group.spec.name)) &&
        within(policyIds, String(group.spec.policyId)) &&
        within(environments, String(group.spec.environment)) &&
        (lastStatus === undefined || (last !== undefined && lastStatus.includes(state.runStatus(last)))) &&
        (sourceIds === undefined || sourceIds.some((id) => group.objectIds.includes(id)))
      );
    });
    return ok({
      protectionGroups: groups.map((group) => {
        const view = groupView(state, group, includeLastRun);
        return prune ? withoutSourceIds(view) : view;
      }),
    });
  });

  route('POST', '/data-protect/protection-groups', (req) => {
    const { spec, objectIds } = validateGroup(state, requireBody(req.body));
    const seq = state.nextSeq();
    const group: Group = {
      seq,
      id: state.entityId(seq),
      spec,
      objectIds,
      runs: [],
      runsById: new Map(),
      isDeleted: false,
      lastModifiedTimestampUsecs: state.now() * 1000,
    };
    state.addGroup(group);
    return created(groupView(state, group, false));
  });

  route('GET', '/data-protect/protection-groups/:id', (req) =>
    ok(groupView(state, state.group(param(req, 'id')), bool(req.query, 'includeLastRunInfo') ?? false)),
  );

  route('PUT', '/data-protect/protection-groups/:id', (req) => {
    const group = state.group(param(req, 'id'));
    const { spec, objectIds } = validateGroup(state, requireBody(req.body), group);
    group.spec = spec;
    group.objectIds = objectIds;
    group.lastModifiedTimestampUsecs = Math.max(state.now() * 1000, group.lastModifiedTimestampUsecs + 1);
    state.groupsChanged();
    return ok(groupView(state, group, false));
  });

  route('DELETE', '/data-protect/protection-groups/:id', (req) => {
    const group = state.group(param(req, 'id'));
    const deleteSnapshots = bool(req.query, 'deleteSnapshots') ?? false;
    const active = state.activeRun(group);
    if (active) cancel(active.timeline, state.now());
    group.isDeleted = true;
    if (deleteSnapshots) for (const run of group.runs) run.snapshotsDeleted = true;
    state.groupsChanged();
    return noContent();
  });
}
