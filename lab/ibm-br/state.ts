import type { LabClock } from '../core/clock';
import type { Rng } from '../core/rng';
import { notFound } from './errors';
import { progressAt, type Phase } from './lifecycle';
import type {
  Cluster,
  Connection,
  Connector,
  Group,
  Host,
  Policy,
  Recovery,
  Run,
  SnapshotRef,
  UpgradeTask,
} from './model';

export type RunStatus = Exclude<Phase, 'Done'> | Run['outcome'];

/** Everything the simulator knows, with the indexes that keep listings and look-ups cheap at 10k+ hosts. */
export class IbmState {
  readonly policies = new Map<string, Policy>();
  readonly hosts = new Map<number, Host>();
  readonly groups = new Map<string, Group>();
  readonly groupsBySeq = new Map<number, Group>();
  readonly recoveries = new Map<string, Recovery>();
  readonly connections = new Map<string, Connection>();
  readonly connectors = new Map<string, Connector>();
  readonly upgradeTasks = new Map<number, UpgradeTask>();
  private hostGroups: Map<number, Group[]> | undefined;
  private seq = 0;
  private instance = 0;
  private hostSeq = 1000;
  private taskSeq = 0;

  constructor(
    readonly seed: number,
    readonly clock: LabClock,
    readonly rng: Rng,
    readonly cluster: Cluster,
    readonly tenantId: string,
    readonly apiKey: string,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** `clusterId:clusterIncarnationId:n`, the id form of policies, groups, recoveries and tasks. */
  entityId(n: number): string {
    return `${this.cluster.clusterId}:${this.cluster.incarnationId}:${n}`;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  nextInstance(): number {
    this.instance += 1 + (this.instance % 3);
    return this.instance;
  }

  nextHostId(): number {
    return ++this.hostSeq;
  }

  nextTaskId(): number {
    return ++this.taskSeq;
  }

  addGroup(group: Group): void {
    this.groups.set(group.id, group);
    this.groupsBySeq.set(group.seq, group);
    this.groupsChanged();
  }

  addRun(group: Group, run: Run): void {
    group.runs.push(run);
    group.runsById.set(runId(run), run);
  }

  /** Call after a group's objects change or a group is deleted. */
  groupsChanged(): void {
    this.hostGroups = undefined;
  }

  /** Live (not deleted) groups that protect a host. */
  groupsOfHost(hostId: number): readonly Group[] {
    if (!this.hostGroups) {
      const index = new Map<number, Group[]>();
      for (const group of this.groups.values()) {
        if (group.isDeleted) continue;
        for (const id of group.objectIds) {
          const list = index.get(id);
          if (list) list.push(group);
          else index.set(id, [group]);
        }
      }
      this.hostGroups = index;
    }
    return this.hostGroups.get(hostId) ?? [];
  }

  liveGroups(): Group[] {
    return [...this.groups.values()].filter((group) => !group.isDeleted);
  }

  group(id: string): Group {
    const group = this.groups.get(id);
    if (!group || group.isDeleted) throw notFound(`Protection group ${id} not found.`);
    return group;
  }

  policy(id: string): Policy {
    const policy = this.policies.get(id);
    if (!policy) throw notFound(`Protection policy ${id} not found.`);
    return policy;
  }

  host(id: number): Host {
    const host = this.hosts.get(id);
    if (!host) throw notFound(`Protection source ${id} not found.`);
    return host;
  }

  runStatus(run: Run): RunStatus {
    const { phase } = progressAt(run.timeline, this.now());
    return phase === 'Done' ? run.outcome : phase;
  }

  /** The newest run of a group, if any. */
  lastRun(group: Group): Run | undefined {
    return group.runs[group.runs.length - 1];
  }

  activeRun(group: Group): Run | undefined {
    const run = this.lastRun(group);
    if (!run) return undefined;
    const status = this.runStatus(run);
    return status === 'Accepted' || status === 'Running' || status === 'Paused' || status === 'Canceling'
      ? run
      : undefined;
  }

  /** Whether a run left a usable local snapshot of an object. */
  hasSnapshot(run: Run, objectId: number): boolean {
    return (
      !run.snapshotsDeleted &&
      run.objectIds.includes(objectId) &&
      !run.failedObjectIds.includes(objectId) &&
      progressAt(run.timeline, this.now()).phase === 'Done'
    );
  }

  /** Resolves a snapshot id to its group, run and host, or answers 404. */
  snapshot(id: string): { group: Group; run: Run; host: Host; ref: SnapshotRef } {
    const ref = decodeSnapshotId(id);
    const group = ref && this.groupsBySeq.get(ref.groupSeq);
    const run = group?.runs.find((item) => item.instanceId === ref?.instanceId);
    const host = ref && this.hosts.get(ref.objectId);
    if (!ref || !group || !run || !host || !this.hasSnapshot(run, ref.objectId))
      throw notFound(`Snapshot ${id} not found.`);
    return { group, run, host, ref };
  }

  snapshotId(group: Group, run: Run, objectId: number): string {
    return encodeSnapshotId(
      this.cluster,
      { groupSeq: group.seq, instanceId: run.instanceId, objectId },
      run.startUsecs,
    );
  }
}

/** Run ids are `<jobId>:<runStartTimeUsecs>` (Cohesity's form; e.g. `11261:1719755265289584`). */
export function runId(run: Run): string {
  return `${run.groupSeq}:${run.startUsecs}`;
}

/*
 * Snapshot ids are opaque base64 JSON, like the archival snapshot id decoded in the contract notes; decoding them
 * back gives the lab its look-up key without a table.
 */
export function encodeSnapshotId(cluster: Cluster, ref: SnapshotRef, runStartUsecs: number): string {
  const json = JSON.stringify({
    a_clusterId: cluster.clusterId,
    b_clusterIncarnationId: cluster.incarnationId,
    c_jobId: ref.groupSeq,
    e_jobInstanceId: ref.instanceId,
    f_runStartTimeUsecs: runStartUsecs,
    g_objectId: ref.objectId,
  });
  return Buffer.from(json).toString('base64');
}

export function decodeSnapshotId(id: string): SnapshotRef | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(id, 'base64').toString('utf8')) as Record<string, unknown>;
    const { c_jobId: groupSeq, e_jobInstanceId: instanceId, g_objectId: objectId } = parsed;
    if (typeof groupSeq !== 'number' || typeof instanceId !== 'number' || typeof objectId !== 'number')
      return undefined;
    return { groupSeq, instanceId, objectId };
  } catch {
    return undefined;
  }
}
