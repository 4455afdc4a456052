import type { ProtectionGroup, ProtectionRun, RunAction, RunOutcome } from '../../common/contract/protection';

/** A group as its vendor lists it: the profile fields are the service's to add. */
export type GroupRecord = Omit<ProtectionGroup, 'profileId' | 'profileName'>;

export interface GroupChange {
  name: string;
  policyId: string;
  /** Int64 object ids as decimal digits. */
  objectIds: readonly string[];
}

export interface RunsQuery {
  /** The newest runs first, at most this many. */
  numRuns?: number;
  /** A start-time window, in milliseconds since the epoch. */
  fromMs?: number;
  toMs?: number;
  /** With each object's status, error and expiry (slower). */
  objects?: boolean;
}

/** Protection groups, runs and retention of a backup service (IBM Cloud Backup and Recovery, seed 004). */
export interface ProtectionOperations {
  /** Every live group with its last run, and the policies (whose names the groups carry). */
  listGroups(): Promise<{ groups: GroupRecord[]; policies: { id: string; name: string }[] }>;
  policies(): Promise<{ id: string; name: string }[]>;
  /** The registered objects a group can protect. */
  sources(): Promise<{ id: string; name: string }[]>;
  /** One group with its last run, and the objects it protects. */
  readGroup(groupId: string): Promise<{ group: GroupRecord; objects: { id: string; name: string }[] }>;
  listRuns(groupId: string, query: RunsQuery): Promise<ProtectionRun[]>;
  readRun(groupId: string, runId: string): Promise<ProtectionRun>;
  createGroup(change: GroupChange): Promise<GroupRecord>;
  /** Replaces the group's name, policy and objects, or its paused flag, keeping every other field as it is. */
  updateGroup(groupId: string, change: Partial<GroupChange> & { paused?: boolean }): Promise<GroupRecord>;
  deleteGroup(groupId: string, deleteSnapshots: boolean): Promise<void>;
  /** Starts a run and resolves with its id once the run appears (the vendor answers without one). */
  startRun(
    groupId: string,
    runType: string,
    objectIds: readonly string[] | undefined,
    signal: AbortSignal,
  ): Promise<string>;
  runAction(groupId: string, runIds: readonly string[], action: RunAction): Promise<RunOutcome[]>;
  updateRuns(
    groupId: string,
    runIds: readonly string[],
    change: { daysToKeep?: number; legalHold?: boolean },
  ): Promise<RunOutcome[]>;
}
