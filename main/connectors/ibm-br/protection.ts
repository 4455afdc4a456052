import { setTimeout as sleep } from 'node:timers/promises';

import type { ProtectionRun, RunAction, RunOutcome, RunSummary } from '../../../common/contract/protection';
import { VantageError } from '../../../common/errors';
import type { GroupChange, GroupRecord, ProtectionOperations, RunsQuery } from '../protection';
import type { IbmApi } from './api';
import {
  ANSWER_ONLY_GROUP_FIELDS,
  type WireGroup,
  type WireObjectRef,
  type WireRun,
  type WireRunObject,
} from './protection-wire';
import type { Int64, RegistrationsAnswer } from './wire';

const GROUPS = 'data-protect/protection-groups';
const ACTION_WORD: Readonly<Record<RunAction, 'Pause' | 'Resume' | 'Cancel'>> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
};
/** How long a started run may take to be listed before we say so. */
const FIND_RUN_MS = 60_000;

const iso = (usecs: number | undefined): string | undefined =>
  usecs === undefined ? undefined : new Date(usecs / 1000).toISOString();
const digits = (id: Int64 | undefined): string => (id === undefined ? '' : String(id));
/** An int64 written as the exact JSON integer it is (JSON.stringify would refuse a bigint or round a number). */
const int64 = (id: string): unknown => (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(id);

const runPath = (groupId: string): string => `${GROUPS}/${encodeURIComponent(groupId)}/runs`;

// Optional fields are assigned, not spread in: a listing maps thousands of runs, and each conditional spread built
// and copied a throwaway object.
function summary(run: WireRun, expiresAt?: string): RunSummary {
  const info = run.localBackupInfo ?? {};
  const out: RunSummary = {
    id: run.id ?? '',
    type: info.runType ?? '',
    status: info.status ?? 'Unknown',
    succeeded: info.successfulObjectsCount ?? 0,
    failed: info.failedObjectsCount ?? 0,
    cancelled: info.cancelledObjectsCount ?? 0,
    messages: info.messages ?? [],
    onLegalHold: run.onLegalHold === true,
  };
  if (info.startTimeUsecs !== undefined) out.startedAt = iso(info.startTimeUsecs);
  if (info.endTimeUsecs !== undefined) out.endedAt = iso(info.endTimeUsecs);
  if (info.isSlaViolated !== undefined) out.slaViolated = info.isSlaViolated;
  if (expiresAt) out.expiresAt = expiresAt;
  return out;
}

function runObject(entry: WireRunObject): ProtectionRun['objects'][number] {
  const info = entry.localSnapshotInfo?.snapshotInfo ?? {};
  const message = info.statusMessage ?? entry.localSnapshotInfo?.failedAttempts?.at(-1)?.message;
  const expiresAt = iso(info.expiryTimeUsecs);
  return {
    id: digits(entry.object?.id),
    name: entry.object?.name ?? digits(entry.object?.id),
    status: info.status ?? 'Unknown',
    ...(message ? { message } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

export function toRun(run: WireRun): ProtectionRun {
  const objects = (run.objects ?? []).map(runObject);
  const latest = objects.reduce<string | undefined>(
    (max, o) => (o.expiresAt && (!max || o.expiresAt > max) ? o.expiresAt : max),
    undefined,
  );
  return { ...summary(run, latest), objects };
}

const RUN_TYPE_WORDS: Readonly<Record<string, string>> = {
  kIncremental: 'Incremental',
  kFull: 'Full',
  kLog: 'Log',
};

function slaText(sla: WireGroup['sla']): string | undefined {
  const parts = (sla ?? []).map(
    (s) => `${RUN_TYPE_WORDS[s.backupRunType ?? ''] ?? s.backupRunType ?? ''} ${s.slaMinutes ?? '?'} min`,
  );
  return parts.length ? parts.join(', ') : undefined;
}

/** Where a physical group keeps its objects (file or volume protection). */
function objectHolder(group: WireGroup): { objects?: WireObjectRef[] | null } | undefined {
  const params = group.physicalParams;
  if (!params) return undefined;
  return params.protectionType === 'kVolume'
    ? params.volumeProtectionTypeParams
    : params.fileProtectionTypeParams;
}

function toGroup(group: WireGroup, policyNames: ReadonlyMap<string, string>): GroupRecord {
  const sla = slaText(group.sla);
  const policyId = group.policyId ?? '';
  const out: GroupRecord = {
    id: group.id ?? '',
    name: group.name ?? '',
    environment: group.environment ?? '',
    policyId,
    policyName: policyNames.get(policyId) ?? policyId,
    objectCount: group.numProtectedObjects ?? objectHolder(group)?.objects?.length ?? 0,
    paused: group.isPaused === true,
  };
  if (group.lastRun) out.lastRun = summary(group.lastRun);
  if (sla) out.sla = sla;
  return out;
}

/** A physical group's body: file protection of the whole of each host, IBM's own default. */
function physicalParams(objects: { id: string; name: string }[]): WireGroup['physicalParams'] {
  return {
    protectionType: 'kFile',
    fileProtectionTypeParams: {
      objects: objects.map((o) => ({
        id: int64(o.id) as Int64,
        name: o.name,
        filePaths: [{ includedPath: '/', excludedPaths: [], skipNestedVolumes: false }],
      })),
    },
  };
}

/** The group's objects re-listed with the chosen ids, keeping the per-object settings of those already in it. */
function withObjects(group: WireGroup, chosen: { id: string; name: string }[]): WireGroup['physicalParams'] {
  const holder = objectHolder(group);
  if (!group.physicalParams || !holder) return physicalParams(chosen);
  const kept = new Map((holder.objects ?? []).map((o) => [digits(o.id), o]));
  const objects = chosen.map((o) => ({
    ...(kept.get(o.id) ?? { filePaths: [{ includedPath: '/' }] }),
    id: int64(o.id) as Int64,
    name: o.name,
  }));
  const key =
    group.physicalParams.protectionType === 'kVolume'
      ? 'volumeProtectionTypeParams'
      : 'fileProtectionTypeParams';
  return { ...group.physicalParams, [key]: { ...holder, objects } };
}

export function createIbmProtection(api: IbmApi): ProtectionOperations {
  const policies = async (): Promise<{ id: string; name: string }[]> => {
    const answer = await api.call<{ policies?: { id?: string; name?: string }[] | null }>({
      method: 'GET',
      path: 'data-protect/policies',
    });
    return (answer?.policies ?? []).map((p) => ({ id: p.id ?? '', name: p.name ?? p.id ?? '' }));
  };
  const policyNames = async (): Promise<Map<string, string>> =>
    new Map((await policies()).map((p) => [p.id, p.name]));

  const sources = async (): Promise<{ id: string; name: string }[]> => {
    const answer = await api.call<RegistrationsAnswer | undefined>({
      method: 'GET',
      path: 'data-protect/sources/registrations',
    });
    return (answer?.registrations ?? []).map((r) => {
      const id = digits(r.sourceInfo?.id ?? r.sourceId ?? r.id);
      return { id, name: r.sourceInfo?.name ?? id };
    });
  };

  const readGroup = (groupId: string, lastRun = false): Promise<WireGroup> =>
    api.call<WireGroup>({
      method: 'GET',
      path: `${GROUPS}/${encodeURIComponent(groupId)}`,
      query: { includeLastRunInfo: lastRun },
    });

  /** Names for ids the user chose: from the group itself, else from the registrations. */
  const named = async (
    ids: readonly string[],
    group?: WireGroup,
  ): Promise<{ id: string; name: string }[]> => {
    const known = new Map(
      (objectHolder(group ?? {})?.objects ?? []).map((o) => [digits(o.id), o.name ?? '']),
    );
    if (ids.some((id) => !known.get(id)))
      for (const s of await sources()) if (!known.get(s.id)) known.set(s.id, s.name);
    return ids.map((id) => ({ id, name: known.get(id) || id }));
  };

  const listRuns = async (groupId: string, query: RunsQuery): Promise<ProtectionRun[]> => {
    const answer = await api.call<{ runs?: WireRun[] | null }>({
      method: 'GET',
      path: runPath(groupId),
      query: {
        numRuns: query.numRuns ?? 100,
        includeObjectDetails: query.objects === true,
        ...(query.fromMs !== undefined ? { startTimeUsecs: query.fromMs * 1000 } : {}),
        ...(query.toMs !== undefined ? { endTimeUsecs: query.toMs * 1000 } : {}),
      },
    });
    return (answer?.runs ?? []).map(toRun);
  };

  /** Polls the newest runs with backoff until one that was not there before appears. */
  const findNewRun = async (
    groupId: string,
    before: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<string> => {
    const deadline = Date.now() + FIND_RUN_MS;
    for (let wait = 200; Date.now() < deadline; wait = Math.min(wait * 1.6, 3_000)) {
      const fresh = (await listRuns(groupId, { numRuns: 5 })).find((run) => !before.has(run.id));
      if (fresh) return fresh.id;
      await sleep(wait, undefined, { signal });
    }
    throw new VantageError('TIMEOUT', `${api.label} accepted the run but did not list it within a minute.`, {
      groupId,
    });
  };

  return {
    async listGroups() {
      const [answer, list] = await Promise.all([
        api.call<{ protectionGroups?: WireGroup[] | null }>({
          method: 'GET',
          path: GROUPS,
          // The table shows how many objects, not which: IBM leaves the lists out (much smaller answers).
          query: {
            includeLastRunInfo: true,
            isDeleted: false,
            pruneSourceIds: true,
            pruneExcludedSourceIds: true,
          },
          // The large tenants' listing (thousands of groups, each with its last run) is tens of megabytes.
          timeoutMs: 120_000,
        }),
        policies(),
      ]);
      const names = new Map(list.map((p) => [p.id, p.name]));
      return { groups: (answer?.protectionGroups ?? []).map((g) => toGroup(g, names)), policies: list };
    },
    policies,
    sources,
    async readGroup(groupId) {
      const [group, names] = await Promise.all([readGroup(groupId, true), policyNames()]);
      const objects = (objectHolder(group)?.objects ?? []).map((o) => ({
        id: digits(o.id),
        name: o.name ?? digits(o.id),
      }));
      return { group: toGroup(group, names), objects };
    },
    listRuns,
    async readRun(groupId, runId) {
      return toRun(
        await api.call<WireRun>({
          method: 'GET',
          path: `${runPath(groupId)}/${encodeURIComponent(runId)}`,
          query: { includeObjectDetails: true },
        }),
      );
    },
    async createGroup(change: GroupChange) {
      const body = {
        name: change.name,
        policyId: change.policyId,
        environment: 'kPhysical',
        physicalParams: physicalParams(await named(change.objectIds)),
      };
      const created = await api.call<WireGroup>({ method: 'POST', path: GROUPS, json: body });
      return toGroup(created, await policyNames());
    },
    async updateGroup(groupId, change) {
      // IBM has no partial update: the whole group goes back with the fields changed (even just to pause it).
      const current = await readGroup(groupId);
      const body: WireGroup = { ...current };
      for (const field of ANSWER_ONLY_GROUP_FIELDS) delete body[field];
      if (change.name !== undefined) body.name = change.name;
      if (change.policyId !== undefined) body.policyId = change.policyId;
      if (change.paused !== undefined) body.isPaused = change.paused;
      if (change.objectIds)
        body.physicalParams = withObjects(current, await named(change.objectIds, current));
      const updated = await api.call<WireGroup>({
        method: 'PUT',
        path: `${GROUPS}/${encodeURIComponent(groupId)}`,
        json: body,
      });
      return toGroup(updated, await policyNames());
    },
    async deleteGroup(groupId, deleteSnapshots) {
      await api.call({
        method: 'DELETE',
        path: `${GROUPS}/${encodeURIComponent(groupId)}`,
        query: { deleteSnapshots },
      });
    },
    async startRun(groupId, runType, objectIds, signal) {
      const before = new Set((await listRuns(groupId, { numRuns: 5 })).map((run) => run.id));
      await api.call({
        method: 'POST',
        path: runPath(groupId),
        json: {
          runType,
          ...(objectIds?.length ? { objects: objectIds.map((id) => ({ id: int64(id) })) } : {}),
        },
      });
      return findNewRun(groupId, before, signal);
    },
    async runAction(groupId, runIds, action) {
      const word = ACTION_WORD[action];
      const key = `${action}Params`;
      const answer = await api.call<Record<string, { runId?: string; error?: string }[] | undefined>>({
        method: 'POST',
        path: `${runPath(groupId)}/actions`,
        json: { action: word, [key]: runIds.map((runId) => ({ runId })) },
      });
      const said = new Map((answer?.[key] ?? []).map((r) => [r.runId ?? '', r.error]));
      return runIds.map((runId) => {
        const error = said.get(runId);
        return error ? { runId, ok: false, message: error } : { runId, ok: true };
      });
    },
    async updateRuns(groupId, runIds, change) {
      const answer = await api.call<{
        successfulRunIds?: string[] | null;
        failedRuns?: { runId?: string; errorMessage?: string }[] | null;
      }>({
        method: 'PUT',
        path: runPath(groupId),
        json: {
          updateProtectionGroupRunParams: runIds.map((runId) => ({
            runId,
            localSnapshotConfig: {
              ...(change.daysToKeep !== undefined ? { daysToKeep: change.daysToKeep } : {}),
              ...(change.legalHold !== undefined ? { enableLegalHold: change.legalHold } : {}),
            },
          })),
        },
      });
      const ok = new Set(answer?.successfulRunIds ?? []);
      const failed = new Map((answer?.failedRuns ?? []).map((f) => [f.runId ?? '', f.errorMessage]));
      return runIds.map((runId): RunOutcome => {
        if (ok.has(runId)) return { runId, ok: true };
        return {
          runId,
          ok: false,
          message: failed.get(runId) ?? `${api.label} did not say what became of this run.`,
        };
      });
    },
  };
}
