import type {
  CreateDownload,
  FileSearchResult,
  RecoveriesListing,
  RecoveryFilters,
  RecoveryItem,
  RestoreFailure,
  RestoreObject,
  StartedRecovery,
} from '../../../common/contract/restore';
import type { VantageContract } from '../../../common/contract';
import { VantageError } from '../../../common/errors';
import type { Task } from '../../../common/inventory';
import type { RestoreOperations, VendorRecovery } from '../../connectors/restore';
import type { EventBus } from '../../ipc/events';
import { toIpcError } from '../../ipc/router';
import type { Connections } from '../connections';
import type { Tasks } from '../tasks';
import { describeRecovery, followRecovery } from './follow';

export interface RestoreOptions {
  connections: Connections;
  tasks: Tasks;
  bus: EventBus<VantageContract>;
  /** The first pause between reads of a running recovery (tests with a fast lab poll faster). */
  pollMs?: number;
}

const HITS_PER_PROFILE = 500;
const ms = (time: string | undefined): number | undefined => (time ? Date.parse(time) : undefined);
/** IBM wants a unique recovery name: the host and the moment, to the millisecond. */
const recoveryName = (objectName: string | undefined): string =>
  `Download_${(objectName ?? 'files').replace(/[^\w.-]+/g, '_')}_${new Date().toISOString().replace(/[-:TZ.]/g, '')}`;

/**
 * File restore across IBM profiles (seed 004): reads go to each profile's connector; creating and cancelling a
 * recovery are tasks that follow it to its end, audited and refused for read-only profiles.
 */
export function createRestore(options: RestoreOptions) {
  const { connections, tasks, bus } = options;
  const pollMs = options.pollMs ?? 1000;
  const maxPollMs = Math.max(pollMs, 10_000);

  const restoreProfiles = (ids?: readonly string[]) =>
    connections.list().filter((p) => (!ids || ids.includes(p.id)) && connections.connector(p.id).restore);
  const withRestore = <T>(profileId: string, work: (ops: RestoreOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.restore)
        throw new VantageError(
          'UNSUPPORTED',
          'This connection has no file restore (IBM Backup and Recovery has).',
          {
            profileId,
          },
        );
      return work(connector.restore);
    });
  const own = (profileId: string, r: VendorRecovery): RecoveryItem => ({
    ...r,
    profileId,
    profileName: connections.get(profileId).name,
  });

  /** Runs `read` on every profile; what fails is reported beside what answered. */
  async function everyProfile<T>(
    ids: readonly string[] | undefined,
    read: (ops: RestoreOperations, profileId: string) => Promise<T[]>,
  ): Promise<{ items: T[]; failures: RestoreFailure[] }> {
    const profiles = restoreProfiles(ids);
    const results = await Promise.allSettled(
      profiles.map((p) => withRestore(p.id, (ops) => read(ops, p.id))),
    );
    const items: T[] = [];
    const failures: RestoreFailure[] = [];
    results.forEach((result, i) => {
      const profile = profiles[i];
      if (!profile) return;
      if (result.status === 'fulfilled') items.push(...result.value);
      else
        failures.push({
          profileId: profile.id,
          profileName: profile.name,
          message: toIpcError(result.reason).message,
        });
    });
    return { items, failures };
  }

  const mustGet = async (profileId: string, recoveryId: string): Promise<VendorRecovery> => {
    const found = await withRestore(profileId, (ops) => ops.getRecovery(recoveryId));
    if (!found)
      throw new VantageError('NOT_FOUND', 'This recovery is not known to the service.', { recoveryId });
    return found;
  };

  const follow = (
    profileId: string,
    id: string,
    signal: AbortSignal,
    progress: (p: { message: string; percent?: number }) => void,
  ) =>
    followRecovery(() => withRestore(profileId, (ops) => ops.getRecovery(id)), {
      pollMs,
      maxPollMs,
      signal,
      onChange: (r) => {
        progress({
          message: describeRecovery(r),
          ...(r.percent === undefined ? {} : { percent: r.percent }),
        });
        bus.publish('restore.changed', { profileId, recoveryId: id });
      },
    });

  /** A task that creates the recovery and follows it; resolves once the service has created it. */
  async function startDownload(
    request: CreateDownload,
    extra: Record<string, unknown> = {},
  ): Promise<StartedRecovery> {
    const { profileId, snapshotId, items } = request;
    const name = recoveryName(request.objectName);
    let created: ((r: VendorRecovery) => void) | undefined;
    const createdOnce = new Promise<VendorRecovery>((resolve) => (created = resolve));
    const task = await tasks.start({
      profileId,
      target: { id: `${profileId}/${snapshotId}`, name },
      actionId: 'restore.createDownload',
      actionLabel: 'Create download recovery',
      options: { snapshotId, items: items.map((i) => i.path), ...extra },
      work: async (progress, signal) => {
        const recovery = await withRestore(profileId, (ops) =>
          ops.createDownload({ name, snapshotId, items }),
        );
        created?.(recovery);
        bus.publish('restore.changed', { profileId, recoveryId: recovery.id });
        let ended: VendorRecovery;
        try {
          ended = await follow(profileId, recovery.id, signal, progress);
        } catch (error) {
          // Cancelling the task cancels the recovery at the service, then says so.
          if (toIpcError(error).code === 'CANCELLED')
            await withRestore(profileId, (ops) => ops.cancelRecovery(recovery.id)).catch(() => undefined);
          throw error;
        }
        return outcome(ended);
      },
    });
    const failed = tasks.settled(task.id).then((ended: Task): never => {
      throw new VantageError(
        ended.error?.code ?? 'UPSTREAM',
        ended.message ?? 'The recovery was not created.',
      );
    });
    const recovery = await Promise.race([createdOnce, failed]);
    return { recovery: own(profileId, recovery), task };
  }

  const outcome = (ended: VendorRecovery): { message: string } => {
    const said = ended.messages.join(' ');
    if (ended.status === 'Canceled') throw new VantageError('CANCELLED', `${ended.name} was canceled.`);
    if (ended.status === 'Failed')
      throw new VantageError('UPSTREAM', `${ended.name} failed${said ? `: ${said}` : '.'}`, {
        recovery: ended.id,
      });
    return {
      message: `${ended.name} ${ended.status === 'Succeeded' ? 'succeeded' : `ended ${ended.status}`}.${said ? ` ${said}` : ''}`,
    };
  };

  return {
    async recoveries(filters: RecoveryFilters): Promise<RecoveriesListing> {
      const query = {
        statuses: filters.statuses,
        actions: filters.actions,
        environments: filters.environments,
        from: ms(filters.from),
        to: ms(filters.to),
      };
      const { items, failures } = await everyProfile(filters.profileIds, async (ops, profileId) =>
        (await ops.listRecoveries(query)).map((r) => own(profileId, r)),
      );
      items.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
      return { recoveries: items, failures };
    },

    async recovery(profileId: string, recoveryId: string): Promise<RecoveryItem> {
      return own(profileId, await mustGet(profileId, recoveryId));
    },

    async searchFiles(text: string, profileIds?: readonly string[]): Promise<FileSearchResult> {
      let total = 0;
      const { items, failures } = await everyProfile(profileIds, async (ops, profileId) => {
        const found = await ops.searchFiles(text, HITS_PER_PROFILE);
        total += found.total;
        const profileName = connections.get(profileId).name;
        return found.hits.map((hit) => ({ ...hit, profileId, profileName }));
      });
      return { hits: items, total, failures };
    },

    async objects(
      text: string,
      protectedOnly: boolean,
      profileIds?: readonly string[],
    ): Promise<RestoreObject[]> {
      const { items, failures } = await everyProfile(profileIds, async (ops, profileId) => {
        const profileName = connections.get(profileId).name;
        return (await ops.searchObjects(text, protectedOnly)).map((o) => ({ ...o, profileId, profileName }));
      });
      const [failure] = failures;
      if (items.length === 0 && failure)
        throw new VantageError('UPSTREAM', `${failure.profileName}: ${failure.message}`);
      return items;
    },

    snapshots(profileId: string, objectId: number, from?: string, to?: string) {
      return withRestore(profileId, (ops) => ops.snapshots(objectId, ms(from), ms(to)));
    },

    restorePoints(
      profileId: string,
      request: { protectionGroupIds: string[]; objectId?: number | undefined; from: string; to: string },
    ) {
      return withRestore(profileId, (ops) =>
        ops.restorePoints({ ...request, from: Date.parse(request.from), to: Date.parse(request.to) }),
      );
    },

    createDownload: (request: CreateDownload) => startDownload(request),

    /** The same object and selections again, from the same snapshot while it is kept, else from the newest. */
    async recreate(profileId: string, recoveryId: string): Promise<StartedRecovery> {
      const old = await mustGet(profileId, recoveryId);
      if (old.objectId === undefined || old.files.length === 0)
        throw new VantageError('CONFLICT', `${old.name} names no object or files to recover again.`);
      const snapshots = await withRestore(profileId, (ops) => ops.snapshots(old.objectId as number));
      const snapshot = snapshots.find((s) => s.id === old.snapshotId) ?? snapshots[0];
      if (!snapshot)
        throw new VantageError(
          'NOT_FOUND',
          `${old.objectName ?? 'The object'} has no snapshot left to recover from.`,
        );
      return startDownload(
        {
          profileId,
          snapshotId: snapshot.id,
          ...(old.objectName ? { objectName: old.objectName } : {}),
          items: old.files.map((f) => ({ path: f.path, isDirectory: f.isDirectory })),
        },
        { again: recoveryId },
      );
    },

    async cancel(profileId: string, recoveryId: string): Promise<Task> {
      const current = await mustGet(profileId, recoveryId);
      return tasks.start({
        profileId,
        target: { id: `${profileId}/${recoveryId}`, name: current.name },
        actionId: 'restore.cancel',
        actionLabel: 'Cancel recovery',
        options: { recoveryId },
        cancellable: false,
        work: async (progress, signal) => {
          await withRestore(profileId, (ops) => ops.cancelRecovery(recoveryId));
          bus.publish('restore.changed', { profileId, recoveryId });
          const ended = await follow(profileId, recoveryId, signal, progress);
          if (ended.status !== 'Canceled')
            throw new VantageError(
              'CONFLICT',
              `${ended.name} ended ${ended.status} before it could be canceled.`,
            );
          return { message: `${ended.name} was canceled.` };
        },
      });
    },
  };
}

export type Restore = ReturnType<typeof createRestore>;
