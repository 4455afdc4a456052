import type { LabRequest } from '../core/types';
import {
  oneOf,
  optArray,
  optInt,
  optObject,
  optString,
  reqInt,
  reqString,
  requireBody,
  type Json,
} from './body';
import { badRequest } from './errors';
import { created, ok, page, param, type Route } from './http';
import { directories, fileCatalogue } from './files';
import type { Group, Host, Run } from './model';
import { bool, int, intList, parseInteger, stringList, within } from './query';
import type { IbmState } from './state';
import {
  lastRunStatusOf,
  objectSummary,
  protectedObjectView,
  searchObjectView,
  snapshotView,
  STORAGE_DOMAIN_ID,
} from './views-objects';

/* Object snapshots, restore points and the three searches (indexed files, objects, protected objects). */

const DEFAULT_PAGE = 1000;
const INDEXED_TYPES = [
  'Emails',
  'Files',
  'CassandraObjects',
  'CouchbaseObjects',
  'HbaseObjects',
  'HiveObjects',
  'MongoObjects',
  'HDFSObjects',
  'ExchangeObjects',
  'PublicFolders',
  'SharepointObjects',
  'OneDriveObjects',
  'TeamsObjects',
  'GroupsObjects',
  'SfdcRecords',
  'UdaObjects',
] as const;

/** `name*` matches by prefix (the documented wildcard); anything else matches as a substring; case-insensitive. */
export function nameMatcher(search: string | undefined): (name: string) => boolean {
  if (!search) return () => true;
  const needle = search.toLowerCase();
  if (needle.endsWith('*')) return (name) => name.toLowerCase().startsWith(needle.slice(0, -1));
  return (name) => name.toLowerCase().includes(needle);
}

/** Every (group, run) that left a snapshot of a host, oldest first. */
function snapshotsOf(state: IbmState, host: Host): { group: Group; run: Run }[] {
  const found: { group: Group; run: Run }[] = [];
  for (const group of state.groupsOfHost(host.id))
    for (const run of group.runs) if (state.hasSnapshot(run, host.id)) found.push({ group, run });
  return found.sort((a, b) => a.run.startUsecs - b.run.startUsecs);
}

function objectSnapshots(state: IbmState, req: LabRequest): Json {
  const host = state.host(parseInteger(param(req, 'id'), 'id'));
  const q = req.query;
  const [from, to] = [int(q, 'fromTimeUsecs'), int(q, 'toTimeUsecs')];
  const [runFrom, runTo] = [int(q, 'runStartFromTimeUsecs'), int(q, 'runStartToTimeUsecs')];
  const runTypes = stringList(q, 'runTypes');
  const groupIds = stringList(q, 'protectionGroupIds');
  const instances = intList(q, 'runInstanceIds');
  const snapshots = snapshotsOf(state, host)
    .map(({ group, run }) => snapshotView(state, group, run, host))
    .filter((snap) => {
      const taken = snap.snapshotTimestampUsecs as number;
      const started = snap.runStartTimeUsecs as number;
      return (
        (from === undefined || taken >= from) &&
        (to === undefined || taken <= to) &&
        (runFrom === undefined || started >= runFrom) &&
        (runTo === undefined || started <= runTo) &&
        within(runTypes, snap.runType) &&
        within(groupIds, snap.protectionGroupId) &&
        within(instances, snap.runInstanceId)
      );
    });
  return { snapshots };
}

function restorePoints(state: IbmState, body: Json): Json {
  const start = reqInt(body, 'startTimeUsecs');
  const end = reqInt(body, 'endTimeUsecs');
  reqString(body, 'environment');
  const groupIds = optArray(body, 'protectionGroupIds');
  if (!groupIds?.length) throw badRequest('The request body has an error: protectionGroupIds is required');
  const sourceId = optInt(body, 'sourceId');
  const fullSnapshotInfo: Json[] = [];
  for (const id of groupIds) {
    const group = state.group(String(id));
    for (const run of group.runs) {
      if (run.startUsecs < start || run.startUsecs > end) continue;
      for (const objectId of run.objectIds) {
        const host = state.hosts.get(objectId);
        if (!host || (sourceId !== undefined && sourceId !== objectId) || !state.hasSnapshot(run, objectId))
          continue;
        fullSnapshotInfo.push({
          restoreInfo: {
            attemptNumber: 1,
            objectInfo: objectSummary(state, host),
            protectionGroupId: group.id,
            runStartTimeUsecs: run.startUsecs,
            snapshotRelativeDirPath: `/${run.instanceId}/${objectId}`,
            viewName: `cohesity_int_${group.seq}`,
          },
        });
      }
    }
  }
  // Physical groups have no continuous (CDP) ranges: only full snapshots are restore points.
  return { fullSnapshotInfo, timeRangeInfo: { timeRanges: [] } };
}

function indexedObjects(state: IbmState, body: Json): Json {
  const objectType = oneOf(reqString(body, 'objectType'), INDEXED_TYPES, 'objectType');
  const count = optInt(body, 'count') ?? 100;
  if (count <= 0) throw badRequest('count must be positive');
  const groupIds = optArray(body, 'protectionGroupIds')?.map(String);
  const params = optObject(body, 'fileParams') ?? {};
  const matches = nameMatcher(optString(params, 'searchString'));
  const types = optArray(params, 'types')?.map(String);
  const sourceIds = optArray(params, 'sourceIds')?.map(Number);
  const objectIds = optArray(params, 'objectIds')?.map(Number);
  const envs = optArray(params, 'sourceEnvironments')?.map(String);
  const files: Json[] = [];
  if (objectType === 'Files')
    for (const host of state.hosts.values()) {
      if (!within(sourceIds, host.id) || !within(objectIds, host.id) || !within(envs, host.environment))
        continue;
      const group = state.groupsOfHost(host.id).find((g) => within(groupIds, g.id));
      if (!group || !group.runs.some((run) => state.hasSnapshot(run, host.id))) continue;
      const policy = state.policies.get(String(group.spec.policyId));
      const common = {
        protectionGroupId: group.id,
        protectionGroupName: group.spec.name,
        policyId: group.spec.policyId,
        policyName: policy?.spec.name,
        storageDomainId: STORAGE_DOMAIN_ID,
        sourceInfo: objectSummary(state, host),
      };
      const catalogue = fileCatalogue(state.seed, host.id, host.osType);
      if (within(types, 'File'))
        for (const file of catalogue)
          if (matches(file.name)) files.push({ name: file.name, path: file.dir, type: 'File', ...common });
      if (within(types, 'Directory'))
        for (const dir of directories(catalogue)) {
          const slash = dir.lastIndexOf('/');
          const name = dir.slice(slash + 1);
          if (matches(name))
            files.push({ name, path: dir.slice(0, slash) || '/', type: 'Directory', ...common });
        }
    }
  const { items, next } = page(files, optString(body, 'paginationCookie'), count);
  return { objectType, count: files.length, ...(next ? { paginationCookie: next } : {}), files: items };
}

function hostFilter(state: IbmState, q: URLSearchParams): (host: Host) => boolean {
  const matches = nameMatcher(q.get('searchString') ?? undefined);
  const environments = stringList(q, 'environments');
  const groupIds = stringList(q, 'protectionGroupIds');
  const objectIds = intList(q, 'objectIds');
  const osTypes = stringList(q, 'osTypes');
  const sourceIds = intList(q, 'sourceIds');
  return (host) =>
    within(environments, host.environment) &&
    within(objectIds, host.id) &&
    within(osTypes, host.osType) &&
    within(sourceIds, host.id) &&
    (groupIds === undefined || state.groupsOfHost(host.id).some((g) => groupIds.includes(g.id))) &&
    (matches(host.name) || state.groupsOfHost(host.id).some((g) => matches(String(g.spec.name))));
}

function searchObjects(state: IbmState, q: URLSearchParams): Json {
  const base = hostFilter(state, q);
  const isProtected = bool(q, 'isProtected');
  const isDeleted = bool(q, 'isDeleted') ?? false;
  const statuses = stringList(q, 'lastRunStatusList');
  const uuids = stringList(q, 'sourceUuids');
  const protectionTypes = stringList(q, 'protectionTypes');
  const clusters = stringList(q, 'clusterIdentifiers');
  const ours = `${state.cluster.clusterId}:${state.cluster.incarnationId}`;
  const count = int(q, 'count') ?? DEFAULT_PAGE;
  if (count <= 0) throw badRequest('count must be positive');
  const hosts = [...state.hosts.values()].filter(
    (host) =>
      !isDeleted &&
      within(clusters, ours) &&
      within(uuids, host.uuid) &&
      within(protectionTypes, 'kAgent') &&
      (isProtected === undefined || isProtected === state.groupsOfHost(host.id).length > 0) &&
      (statuses === undefined || statuses.includes(lastRunStatusOf(state, host) ?? '')) &&
      base(host),
  );
  const { items, next } = page(hosts, q.get('paginationCookie') ?? undefined, count);
  return {
    objects: items.map((host) => searchObjectView(state, host)),
    ...(next ? { paginationCookie: next } : {}),
    count: hosts.length,
  };
}

function protectedObjects(state: IbmState, q: URLSearchParams): Json {
  const base = hostFilter(state, q);
  const groupIds = stringList(q, 'protectionGroupIds');
  const instances = intList(q, 'runInstanceIds');
  const [from, to] = [int(q, 'filterSnapshotFromUsecs'), int(q, 'filterSnapshotToUsecs')];
  const limit = int(q, 'subResultSize');
  const found: Json[] = [];
  const unique = new Map<string, Json>();
  for (const host of state.hosts.values()) {
    const groups = state.groupsOfHost(host.id).filter((g) => within(groupIds, g.id));
    if (groups.length === 0 || !base(host)) continue;
    const view = protectedObjectView(state, host, groups);
    const latest = view.latestSnapshotsInfo as {
      protectionRunStartTimeUsecs: number;
      runInstanceId: number;
    }[];
    const inWindow = latest.some(
      (snap) =>
        (from === undefined || snap.protectionRunStartTimeUsecs >= from) &&
        (to === undefined || snap.protectionRunStartTimeUsecs <= to) &&
        within(instances, snap.runInstanceId),
    );
    if ((from !== undefined || to !== undefined || instances !== undefined) && !inWindow) continue;
    found.push(view);
    for (const group of groups)
      unique.set(group.id, { protectionGroupId: group.id, protectionGroupName: group.spec.name });
  }
  return {
    objects: limit === undefined ? found : found.slice(0, limit),
    metadata: { uniqueProtectionGroupIdentifiers: [...unique.values()] },
    numResults: found.length,
  };
}

export function searchRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-protect/objects/:id/snapshots', (req) => ok(objectSnapshots(state, req)));
  route('POST', '/data-protect/snapshots/restore-points', (req) =>
    created(restorePoints(state, requireBody(req.body))),
  );
  route('POST', '/data-protect/search/indexed-objects', (req) =>
    ok(indexedObjects(state, requireBody(req.body))),
  );
  route('GET', '/data-protect/search/objects', (req) => ok(searchObjects(state, req.query)));
  route('GET', '/data-protect/search/protected-objects', (req) => ok(protectedObjects(state, req.query)));
}
