import type {
  GroupDetail,
  GroupInput,
  GroupsListing,
  ProtectionGroup,
  RetentionPlanRun,
  RunAction,
  RunOutcome,
  RunType,
} from '../../../common/contract/protection';
import { VantageError } from '../../../common/errors';
import { plural } from '../../../common/plural';
import type { ProtectionOperations } from '../../connectors/protection';
import type { Connections } from '../connections';
import type { Job, JobOutcome, Tasks } from '../tasks';
import { followRun, type FollowOptions } from './follow-run';
import { planRetention } from './retention';
import { nameCollator } from '../../../common/name-order';

export interface GroupRef {
  profileId: string;
  groupId: string;
}

interface RetentionChoice {
  groups: readonly GroupRef[];
  from: string;
  to: string;
  daysToKeep: number;
}

const refKey = (ref: GroupRef): string => `${ref.profileId}:${ref.groupId}`;
/** Runs of a group listed at most (IBM's own default for a time window is 100). */
const RUNS_LISTED = 1_000;
/**
 * Protection groups, runs and retention of every IBM profile (seed 004). Reads go to the connectors; every change
 * is a task (audit entry, read-only refusal in main); a started run is a task followed to its end.
 */
export function createProtection(options: {
  connections: Connections;
  tasks: Tasks;
  follow?: Partial<FollowOptions>;
}) {
  const { connections, tasks } = options;
  const follow: FollowOptions = { pollMs: 1_000, maxPollMs: 10_000, ...options.follow };
  /** Group names as last listed, so that tasks and plans can name what they act on. */
  const names = new Map<string, string>();

  const opsOf = <T>(profileId: string, work: (ops: ProtectionOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.protection)
        throw new VantageError(
          'UNSUPPORTED',
          'This system has no protection groups (IBM Cloud Backup and Recovery has).',
        );
      return work(connector.protection);
    });

  const profileFields = (profileId: string) => ({ profileId, profileName: connections.get(profileId).name });
  const nameOf = (ref: GroupRef): string => names.get(refKey(ref)) ?? ref.groupId;
  const remember = (group: ProtectionGroup): ProtectionGroup => {
    names.set(refKey({ profileId: group.profileId, groupId: group.id }), group.name);
    return group;
  };

  /** One job on one group. */
  const job = (
    ref: GroupRef,
    actionId: string,
    actionLabel: string,
    jobOptions: Record<string, unknown>,
    work: Job['work'],
    cancellable = false,
  ): Job => ({
    profileId: ref.profileId,
    target: { id: refKey(ref), name: nameOf(ref) },
    actionId,
    actionLabel,
    options: jobOptions,
    cancellable,
    work,
  });

  /** Runs one job as a task and answers what its work produced once it has ended (the task's error otherwise). */
  async function once<T>(
    spec: Omit<Job, 'work'>,
    work: () => Promise<{ result: T; message: string }>,
  ): Promise<T> {
    let result: T | undefined;
    let done = false;
    const task = await tasks.start({
      ...spec,
      work: async (): Promise<JobOutcome> => {
        const outcome = await work();
        result = outcome.result;
        done = true;
        return { message: outcome.message };
      },
    });
    const ended = await tasks.settled(task.id);
    if (ended.state !== 'succeeded' || !done)
      throw new VantageError(
        ended.error?.code ?? 'UPSTREAM',
        ended.message ?? `${spec.actionLabel} did not happen.`,
      );
    return result as T;
  }

  const outcomeText = (outcomes: readonly RunOutcome[], what: string): string => {
    const failed = outcomes.filter((o) => !o.ok).length;
    return `${what}: ${outcomes.length - failed} of ${plural(outcomes.length, 'run')} done${failed ? `, ${failed} refused` : ''}.`;
  };

  async function plan(choice: RetentionChoice): Promise<RetentionPlanRun[]> {
    const fromMs = Date.parse(choice.from);
    const toMs = Date.parse(choice.to);
    if (!(fromMs <= toMs)) throw new VantageError('INVALID_ARGUMENT', 'The window ends before it starts.');
    const plans = await Promise.all(
      choice.groups.map(async (ref) => {
        const runs = await opsOf(ref.profileId, (ops) =>
          ops.listRuns(ref.groupId, { fromMs, toMs, objects: true, numRuns: RUNS_LISTED }),
        );
        return planRetention({ ...ref, groupName: nameOf(ref) }, runs, choice.daysToKeep);
      }),
    );
    return plans.flat();
  }

  const refuseShortening = (runs: readonly RetentionPlanRun[], allowShorten: boolean | undefined): void => {
    const shorter = runs.filter((r) => r.shortens).length;
    if (shorter && !allowShorten)
      throw new VantageError(
        'CONFLICT',
        `${plural(shorter, 'run')} would expire sooner than now: confirm shortening explicitly to go ahead.`,
        { runIds: runs.filter((r) => r.shortens).map((r) => r.runId) },
      );
  };

  return {
    async groups(): Promise<GroupsListing> {
      const listing: GroupsListing = { groups: [], policies: [], failures: [] };
      const profiles = connections.list().filter((p) => p.vendor === 'ibm-br');
      await Promise.all(
        profiles.map(async (profile) => {
          try {
            const { groups, policies } = await opsOf(profile.id, (ops) => ops.listGroups());
            const fields = profileFields(profile.id);
            for (const group of groups) listing.groups.push(remember({ ...group, ...fields }));
            for (const policy of policies) listing.policies.push({ profileId: profile.id, ...policy });
          } catch (error) {
            listing.failures.push({
              profileId: profile.id,
              profileName: profile.name,
              message: error instanceof Error ? error.message : String(error),
            });
          }
        }),
      );
      // In name order, the table's first order: the page then finds them sorted in one pass (sorting there cost more).
      listing.groups.sort((a, b) => nameCollator.compare(a.name, b.name));
      return listing;
    },

    async group(ref: GroupRef): Promise<GroupDetail> {
      const [read, runs] = await opsOf(ref.profileId, (ops) =>
        Promise.all([ops.readGroup(ref.groupId), ops.listRuns(ref.groupId, { numRuns: 100 })]),
      );
      const group = remember({ ...read.group, ...profileFields(ref.profileId) });
      return { group, objects: read.objects, runs: runs.map(({ objects: _objects, ...run }) => run) };
    },

    run: (ref: GroupRef & { runId: string }) =>
      opsOf(ref.profileId, (ops) => ops.readRun(ref.groupId, ref.runId)),
    sources: (profileId: string) => opsOf(profileId, (ops) => ops.sources()),

    /** Starts each group's run; each task follows its run to its end. */
    async runNow(request: {
      groups: readonly GroupRef[];
      runType: RunType;
      objects: 'all' | 'failed' | readonly string[];
    }): Promise<{ batchId: string; taskIds: string[] }> {
      if (Array.isArray(request.objects) && request.groups.length > 1)
        throw new VantageError('INVALID_ARGUMENT', 'Objects can be chosen for one group at a time.');
      const jobs = request.groups.map((ref) =>
        job(
          ref,
          'protection.runNow',
          'Run now',
          { runType: request.runType, objects: request.objects },
          (progress, signal) =>
            opsOf(ref.profileId, async (ops) => {
              const objectIds = await chosenObjects(ops, ref.groupId, request.objects);
              const runId = await ops.startRun(ref.groupId, request.runType, objectIds, signal);
              progress({ message: `Run ${runId} started` });
              const run = await followRun(ops, ref.groupId, runId, progress, signal, follow);
              return {
                message: `Run ${runId} of ${nameOf(ref)} ended ${run.status}: ${run.succeeded} objects backed up.`,
              };
            }),
          true,
        ),
      );
      return renameBatch(await tasks.startBatch(jobs));
    },

    async setPaused(request: { groups: readonly GroupRef[]; paused: boolean }) {
      const label = request.paused ? 'Pause future runs' : 'Resume future runs';
      const jobs = request.groups.map((ref) =>
        job(ref, request.paused ? 'protection.pause' : 'protection.resume', label, {}, () =>
          opsOf(ref.profileId, async (ops) => {
            await ops.updateGroup(ref.groupId, { paused: request.paused });
            return { message: `${nameOf(ref)}: future runs ${request.paused ? 'paused' : 'resumed'}.` };
          }),
        ),
      );
      return renameBatch(await tasks.startBatch(jobs));
    },

    runAction(request: GroupRef & { runIds: readonly string[]; action: RunAction }): Promise<RunOutcome[]> {
      const { runIds, action } = request;
      return once(
        job(
          request,
          `protection.run.${action}`,
          `${action[0]?.toUpperCase()}${action.slice(1)} run`,
          { runIds },
          unused,
        ),
        async () => {
          const result = await opsOf(request.profileId, (ops) =>
            ops.runAction(request.groupId, runIds, action),
          );
          return { result, message: outcomeText(result, `${action} of ${nameOf(request)}`) };
        },
      );
    },

    async updateRuns(
      request: GroupRef & {
        runIds: readonly string[];
        daysToKeep?: number;
        legalHold?: boolean;
        allowShorten?: boolean;
      },
    ): Promise<RunOutcome[]> {
      const { runIds, daysToKeep, legalHold } = request;
      if (daysToKeep !== undefined) {
        const runs = await opsOf(request.profileId, (ops) =>
          ops.listRuns(request.groupId, { objects: true, numRuns: RUNS_LISTED }),
        );
        const chosen = runs.filter((run) => runIds.includes(run.id));
        refuseShortening(
          planRetention({ ...request, groupName: nameOf(request) }, chosen, daysToKeep),
          request.allowShorten,
        );
      }
      const change = {
        ...(daysToKeep !== undefined ? { daysToKeep } : {}),
        ...(legalHold !== undefined ? { legalHold } : {}),
      };
      return once(
        job(request, 'protection.updateRuns', 'Change runs', { runIds, ...change }, unused),
        async () => {
          const result = await opsOf(request.profileId, (ops) =>
            ops.updateRuns(request.groupId, runIds, change),
          );
          return { result, message: outcomeText(result, `Runs of ${nameOf(request)} changed`) };
        },
      );
    },

    createGroup(input: GroupInput): Promise<ProtectionGroup> {
      const { profileId, ...change } = input;
      const spec = job(
        { profileId, groupId: 'new' },
        'protection.createGroup',
        'Create protection group',
        change,
        unused,
      );
      return once({ ...spec, target: { id: `${profileId}:new`, name: input.name } }, async () => {
        const created = await opsOf(profileId, (ops) => ops.createGroup(change));
        return {
          result: remember({ ...created, ...profileFields(profileId) }),
          message: `${input.name} created.`,
        };
      });
    },

    updateGroup(input: GroupInput & { groupId: string }): Promise<ProtectionGroup> {
      const { profileId, groupId, ...change } = input;
      return once(job(input, 'protection.updateGroup', 'Edit protection group', change, unused), async () => {
        const updated = await opsOf(profileId, (ops) => ops.updateGroup(groupId, change));
        return {
          result: remember({ ...updated, ...profileFields(profileId) }),
          message: `${input.name} saved.`,
        };
      });
    },

    async deleteGroup(
      request: GroupRef & { deleteSnapshots: boolean; confirmCount?: number | undefined },
    ): Promise<null> {
      if (request.deleteSnapshots) {
        // The typed count is checked again here: a page that skips the dialog gains nothing.
        const runs = await opsOf(request.profileId, (ops) =>
          ops.listRuns(request.groupId, { numRuns: RUNS_LISTED }),
        );
        if (request.confirmCount !== runs.length)
          throw new VantageError(
            'INVALID_ARGUMENT',
            `Type the number of runs whose snapshots go (${runs.length}) to delete ${nameOf(request)} with its snapshots.`,
          );
      }
      const what = request.deleteSnapshots ? 'with its snapshots' : 'keeping its snapshots';
      return once(
        job(
          request,
          'protection.deleteGroup',
          'Delete protection group',
          { deleteSnapshots: request.deleteSnapshots },
          unused,
        ),
        async () => {
          await opsOf(request.profileId, (ops) => ops.deleteGroup(request.groupId, request.deleteSnapshots));
          return { result: null, message: `${nameOf(request)} deleted, ${what}.` };
        },
      );
    },

    retentionPlan: plan,

    /** Applies the dry run's change, one task per group; refused as a whole if it shortens without leave. */
    async retentionApply(request: RetentionChoice & { allowShorten: boolean }): Promise<RunOutcome[]> {
      const runs = await plan(request);
      refuseShortening(runs, request.allowShorten);
      const byGroup = new Map<string, RetentionPlanRun[]>();
      for (const run of runs) byGroup.set(refKey(run), [...(byGroup.get(refKey(run)) ?? []), run]);
      const results = await Promise.all(
        [...byGroup.values()].map((groupRuns) => {
          const ref = groupRuns[0] as RetentionPlanRun;
          const runIds = groupRuns.map((r) => r.runId);
          return once(
            job(
              ref,
              'protection.retention',
              'Change retention',
              { runIds, daysToKeep: request.daysToKeep },
              unused,
            ),
            async () => {
              const result = await opsOf(ref.profileId, (ops) =>
                ops.updateRuns(ref.groupId, runIds, { daysToKeep: request.daysToKeep }),
              );
              return { result, message: outcomeText(result, `Retention of ${ref.groupName}`) };
            },
          ).catch((error: unknown): RunOutcome[] =>
            runIds.map((runId) => ({
              runId,
              ok: false,
              message: error instanceof Error ? error.message : String(error),
            })),
          );
        }),
      );
      return results.flat();
    },
  };
}

/** `once` gives the work itself; the job's own is never called. */
const unused: Job['work'] = () => Promise.reject(new VantageError('INTERNAL', 'not used'));

const renameBatch = ({ batchId, batchTaskIds }: { batchId: string; batchTaskIds: string[] }) => ({
  batchId,
  taskIds: batchTaskIds,
});

/** The object ids a run covers: all (none named), the ones that failed in the last run, or the ones chosen. */
async function chosenObjects(
  ops: ProtectionOperations,
  groupId: string,
  objects: 'all' | 'failed' | readonly string[],
): Promise<readonly string[] | undefined> {
  if (objects === 'all') return undefined;
  if (objects !== 'failed') return objects;
  const [last] = await ops.listRuns(groupId, { numRuns: 1, objects: true });
  const failed = (last?.objects ?? []).filter((o) => o.status === 'kFailed').map((o) => o.id);
  if (!failed.length)
    throw new VantageError('CONFLICT', 'No object failed in the last run: there is nothing to run again.');
  return failed;
}

export type Protection = ReturnType<typeof createProtection>;
