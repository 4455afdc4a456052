import {
  objects,
  oneOf,
  optArray,
  optBool,
  optString,
  reqArray,
  reqObject,
  reqString,
  requireBody,
  type Json,
} from './body';
import type { Selection } from './downloads';
import { assertUniqueName, badRequest, notFound } from './errors';
import { created, noContent, ok, param, type Route } from './http';
import { cancel } from './lifecycle';
import { ENV_PARAMS, ENVIRONMENTS, type Recovery } from './model';
import { int, stringList, within } from './query';
import { addRecovery, type RecoveryPlan } from './recoveries';
import type { IbmState } from './state';
import { recoveryStatus, recoveryView } from './views-recovery';

/* Recoveries: list, create (RecoverFiles and friends), download-files-folders, get, cancel. */

const PHYSICAL_ACTIONS = [
  'RecoverFiles',
  'RecoverPhysicalVolumes',
  'InstantVolumeMount',
  'RecoverSystem',
] as const;

export function recovery(state: IbmState, id: string): Recovery {
  const found = state.recoveries.get(id);
  if (!found) throw notFound(`Recovery ${id} not found.`);
  return found;
}

function selections(items: readonly unknown[], key: string): Selection[] {
  return objects(items, key).map((item) => ({
    absolutePath: reqString(item, 'absolutePath'),
    isDirectory: optBool(item, 'isDirectory') ?? false,
  }));
}

/** Checked after the body is validated, so a malformed request is a 400 whatever its name. */
function uniqueName(state: IbmState, name: string): void {
  assertUniqueName(state.recoveries.values(), (item) => item.name, name, undefined, 'Recovery');
}

function plan(
  state: IbmState,
  fields: Omit<RecoveryPlan, 'startedAt' | 'acceptMs' | 'durationMs' | 'userName'>,
): RecoveryPlan {
  const rng = state.rng.fork(`recovery/${fields.name}`);
  return {
    ...fields,
    startedAt: state.now(),
    acceptMs: state.clock.scaled(2_000),
    durationMs: state.clock.scaled(rng.int(20_000, 60_000)),
    userName: 'lab-admin@example.com',
  };
}

function createRecovery(state: IbmState, body: Json): Recovery {
  const name = reqString(body, 'name');
  const environment = oneOf(reqString(body, 'snapshotEnvironment'), ENVIRONMENTS, 'snapshotEnvironment');
  const key = ENV_PARAMS[environment];
  const params = reqObject(body, key);
  if (environment !== 'kPhysical') throw notFound(`No ${environment} snapshots exist in this tenant.`);
  const snapshots = objects(reqArray(params, 'objects'), 'physicalParams.objects');
  const snapshotId = reqString(snapshots[0] ?? {}, 'snapshotId');
  const action = oneOf(
    reqString(params, 'recoveryAction'),
    PHYSICAL_ACTIONS,
    'physicalParams.recoveryAction',
  );
  let items: Selection[] = [];
  if (action === 'RecoverFiles') {
    const fileParams = reqObject(params, 'recoverFileAndFolderParams');
    items = selections(reqArray(fileParams, 'filesAndFolders'), 'filesAndFolders');
    oneOf(reqString(fileParams, 'targetEnvironment'), ['kPhysical'], 'targetEnvironment');
    const target = reqObject(reqObject(fileParams, 'physicalTargetParams'), 'recoverTarget');
    if (typeof target.id !== 'number')
      throw badRequest('The request body has an error: recoverTarget.id is required');
    state.host(target.id);
  }
  state.snapshot(snapshotId);
  uniqueName(state, name);
  return addRecovery(state, plan(state, { name, action, snapshotId, selections: items, params }));
}

function createDownload(state: IbmState, body: Json): Recovery {
  const name = reqString(body, 'name');
  const snapshotId = reqString(reqObject(body, 'object'), 'snapshotId');
  const documents = optArray(body, 'documents');
  const items =
    body.filesAndFolders === undefined && documents
      ? objects(documents, 'documents').map((doc) => ({
          absolutePath: reqString(doc, 'itemId'),
          isDirectory: false,
        }))
      : selections(reqArray(body, 'filesAndFolders'), 'filesAndFolders');
  const glacier = optString(body, 'glacierRetrievalType');
  if (glacier !== undefined)
    oneOf(glacier, ['kStandard', 'kExpeditedNoPCU', 'kExpeditedWithPCU'], 'glacierRetrievalType');
  const parentRecoveryId = optString(body, 'parentRecoveryId');
  if (parentRecoveryId !== undefined) recovery(state, parentRecoveryId);
  state.snapshot(snapshotId);
  uniqueName(state, name);
  return addRecovery(
    state,
    plan(state, {
      name,
      action: 'DownloadFilesAndFolders',
      snapshotId,
      selections: items,
      ...(parentRecoveryId ? { parentRecoveryId } : {}),
    }),
  );
}

export function recoveryRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-protect/recoveries', (req) => {
    const q = req.query;
    const ids = stringList(q, 'ids');
    const environments = stringList(q, 'snapshotEnvironments');
    const statuses = stringList(q, 'status');
    const actions = stringList(q, 'recoveryActions');
    const start = int(q, 'startTimeUsecs');
    const end = int(q, 'endTimeUsecs');
    const recoveries = [...state.recoveries.values()]
      .filter((item) => {
        const started = item.timeline.startedAt * 1000;
        return (
          within(ids, item.id) &&
          within(environments, item.environment) &&
          within(statuses, recoveryStatus(state, item)) &&
          within(actions, item.action) &&
          (start === undefined || started >= start) &&
          (end === undefined || started <= end)
        );
      })
      .reverse();
    return ok({ recoveries: recoveries.map((item) => recoveryView(state, item)) });
  });

  route('POST', '/data-protect/recoveries', (req) =>
    created(recoveryView(state, createRecovery(state, requireBody(req.body)))),
  );

  route('POST', '/data-protect/recoveries/download-files-folders', (req) =>
    created(recoveryView(state, createDownload(state, requireBody(req.body)))),
  );

  route('GET', '/data-protect/recoveries/:id', (req) =>
    ok(recoveryView(state, recovery(state, param(req, 'id')))),
  );

  route('POST', '/data-protect/recoveries/:id/cancel', (req) => {
    const found = recovery(state, param(req, 'id'));
    if (!cancel(found.timeline, state.now()))
      throw badRequest(`Recovery ${found.id} is ${recoveryStatus(state, found)} and cannot be canceled.`);
    return noContent();
  });
}
