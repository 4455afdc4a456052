import {
  objects,
  oneOf,
  optArray,
  optBool,
  optInt,
  optString,
  reqArray,
  reqInt,
  reqString,
  requireBody,
  type Json,
} from './body';
import { badRequest, duplicate, IbmError, notFound } from './errors';
import { json, ok, param, type Route } from './http';
import { cancel, pause, progressAt, resume } from './lifecycle';
import type { Group, Run } from './model';
import { bool, int, stringList, within } from './query';
import { addRun, planManualRun } from './runs';
import { runId, type IbmState } from './state';
import { runView } from './views-protection';

/* Protection group runs: list, start (202, no run id), update (207), pause/resume/cancel (202). */

const RUN_TYPES = ['kRegular', 'kFull', 'kLog', 'kSystem', 'kHydrateCDP', 'kStorageArraySnapshot'] as const;
const DAY_USECS = 86_400_000_000;

function findRun(group: Group, id: string): Run {
  const run = group.runsById.get(id);
  if (!run) throw notFound(`Protection group run ${id} not found in protection group ${group.id}.`);
  return run;
}

function listRuns(state: IbmState, group: Group, query: URLSearchParams): Json {
  const wantedId = query.get('runId') ?? undefined;
  const start = int(query, 'startTimeUsecs');
  const end = int(query, 'endTimeUsecs');
  const byEnd = bool(query, 'filterByEndTime') ?? false;
  const runTypes = stringList(query, 'runTypes');
  const statuses = stringList(query, 'localBackupRunStatus');
  const numRuns = int(query, 'numRuns') ?? 100;
  if (numRuns < 0) throw badRequest('numRuns must not be negative');
  const excludeNonRestorable = bool(query, 'excludeNonRestorableRuns') ?? false;
  const includeObjects = bool(query, 'includeObjectDetails') ?? false;
  const matching: Run[] = [];
  for (let i = group.runs.length - 1; i >= 0; i--) {
    const run = group.runs[i];
    if (!run) continue;
    const status = state.runStatus(run);
    const endedAt = progressAt(run.timeline, state.now()).endedAt;
    const time = byEnd ? (endedAt === undefined ? undefined : endedAt * 1000) : run.startUsecs;
    if (wantedId !== undefined && runId(run) !== wantedId) continue;
    if ((start !== undefined || end !== undefined) && time === undefined) continue;
    if (start !== undefined && time !== undefined && time < start) continue;
    if (end !== undefined && time !== undefined && time > end) continue;
    if (runTypes && !runTypes.includes('kAll') && !runTypes.includes(run.runType)) {
      if (!(run.runType === 'kRegular' && runTypes.includes('kIncremental'))) continue;
    }
    if (!within(statuses, status)) continue;
    if (excludeNonRestorable && !run.objectIds.some((id) => state.hasSnapshot(run, id))) continue;
    matching.push(run);
  }
  return {
    runs: matching.slice(0, numRuns).map((run) => runView(state, group, run, includeObjects)),
    // "only populated if startTimeUsecs or endTimeUsecs or both are specified" (SDK field doc).
    ...(start !== undefined || end !== undefined ? { totalRuns: matching.length } : {}),
  };
}

function startRun(state: IbmState, group: Group, body: Json): void {
  const runType = oneOf(reqString(body, 'runType'), RUN_TYPES, 'runType');
  const requested = objects(optArray(body, 'objects') ?? [], 'objects').map((item) => reqInt(item, 'id'));
  for (const id of requested)
    if (!group.objectIds.includes(id))
      throw badRequest(`Object ${id} is not protected by protection group ${group.id}.`);
  const active = state.activeRun(group);
  if (active)
    throw duplicate(
      `Protection group ${String(group.spec.name)} already has an active run ${runId(active)}.`,
    );
  const objectIds = requested.length ? requested : group.objectIds;
  addRun(state, group, planManualRun(state, group, runType, objectIds));
}

/** PUT .../runs: per-run legal hold, snapshot deletion and retention changes; failures are reported, not thrown. */
function updateRuns(state: IbmState, group: Group, body: Json): Json {
  const params = objects(reqArray(body, 'updateProtectionGroupRunParams'), 'updateProtectionGroupRunParams');
  const successfulRunIds: string[] = [];
  const failedRuns: Json[] = [];
  for (const item of params) {
    const id = reqString(item, 'runId');
    const run = group.runsById.get(id);
    const local = item.localSnapshotConfig;
    if (!run) {
      failedRuns.push({ runId: id, errorMessage: `Protection group run ${id} not found.` });
      continue;
    }
    const config = local === undefined ? {} : requireBody(local);
    const deleteSnapshot = optBool(config, 'deleteSnapshot') ?? false;
    if (deleteSnapshot && state.activeRun(group) === run) {
      failedRuns.push({ runId: id, errorMessage: `Run ${id} is still in progress.` });
      continue;
    }
    const hold = optBool(config, 'enableLegalHold');
    if (hold !== undefined) run.onLegalHold = hold;
    if (deleteSnapshot) run.snapshotsDeleted = true;
    const days = optInt(config, 'daysToKeep');
    if (days !== undefined) run.expiryUsecs = run.startUsecs + days * DAY_USECS;
    successfulRunIds.push(id);
  }
  return { successfulRunIds, failedRuns };
}

type Action = 'Pause' | 'Resume' | 'Cancel';

function runAction(state: IbmState, group: Group, body: Json): Json {
  const action = oneOf(reqString(body, 'action'), ['Pause', 'Resume', 'Cancel'] as const, 'action');
  const key = `${action.toLowerCase()}Params`;
  const items = objects(reqArray(body, key), key);
  const now = state.now();
  const results = items.map((item) => {
    const id = reqString(item, 'runId');
    const run = findRun(group, id);
    if (action === 'Cancel') {
      if (!cancel(run.timeline, now)) {
        const task = optString(item, 'localTaskId') ?? id;
        throw new IbmError(
          400,
          `Copy Task: ${task} not found or not running`,
          `cancel of a finished run ${id}`,
        );
      }
      return { runId: id };
    }
    const done = action === 'Pause' ? pause(run.timeline, now) : resume(run.timeline, now);
    const error = done
      ? {}
      : { error: `Run ${id} is ${state.runStatus(run)}; it cannot be ${verb(action)}.` };
    return { runId: id, ...error };
  });
  return { action, [key]: results };
}

const verb = (action: Action): string =>
  action === 'Pause' ? 'paused' : action === 'Resume' ? 'resumed' : 'canceled';

export function runRoutes(route: Route, state: IbmState): void {
  const base = '/data-protect/protection-groups/:id/runs';
  route('GET', base, (req) => ok(listRuns(state, state.group(param(req, 'id')), req.query)));

  route('POST', base, (req) => {
    const group = state.group(param(req, 'id'));
    startRun(state, group, requireBody(req.body));
    // 202 and no run id: clients poll the runs list to find the new run (CreateProtectionGroupRunResponse).
    return json(202, { protectionGroupId: group.id });
  });

  route('PUT', base, (req) =>
    json(207, updateRuns(state, state.group(param(req, 'id')), requireBody(req.body))),
  );

  route('POST', `${base}/actions`, (req) =>
    json(202, runAction(state, state.group(param(req, 'id')), requireBody(req.body))),
  );

  route('GET', `${base}/:runId`, (req) => {
    const group = state.group(param(req, 'id'));
    return ok(
      runView(
        state,
        group,
        findRun(group, param(req, 'runId')),
        bool(req.query, 'includeObjectDetails') ?? false,
      ),
    );
  });
}
