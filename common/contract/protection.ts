import * as z from 'zod';

import { request } from '../ipc';

/* IBM Cloud Backup and Recovery protection (seed 004): protection groups, their runs and their retention. */

const profileId = z.uuid();
/** `clusterId:incarnationId:n` (ibm-backup-recovery.md §5). */
const groupId = z.string().regex(/^\d{1,20}:\d{1,20}:\d{1,20}$/, 'Not a protection group id.');
/** `n:startUsecs`. */
const runId = z.string().regex(/^\d{1,20}:\d{1,20}$/, 'Not a run id.');
/** IBM object ids are int64: kept as their decimal digits end to end, so that none is rounded. */
const objectId = z.string().regex(/^\d{1,19}$/, 'Not an object id.');
const groupRef = z.object({ profileId, groupId }).strict();

export const RUN_TYPES = ['kRegular', 'kFull', 'kLog'] as const;
export type RunType = (typeof RUN_TYPES)[number];
export const RUN_TYPE_LABELS: Readonly<Record<RunType, string>> = {
  kRegular: 'Incremental',
  kFull: 'Full',
  kLog: 'Log',
};
export const RUN_ACTIONS = ['pause', 'resume', 'cancel'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/** Statuses after which a run changes no more (TIM's terminal set, §7). */
export const FINAL_RUN_STATUSES: readonly string[] = [
  'Succeeded',
  'SucceededWithWarning',
  'Failed',
  'Canceled',
  'Skipped',
  'Missed',
];

export interface RunSummary {
  id: string;
  /** `kRegular`, `kFull`, `kLog`… as IBM says it. */
  type: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** The run's messages (errors and warnings), as IBM words them. */
  messages: string[];
  onLegalHold: boolean;
  slaViolated?: boolean;
  /** When the local snapshots expire (the latest of its objects'), known with object details only. */
  expiresAt?: string;
}

export interface RunObject {
  id: string;
  name: string;
  /** `kSuccessful`, `kFailed`, `kInProgress`… */
  status: string;
  message?: string;
  expiresAt?: string;
}

export interface ProtectionRun extends RunSummary {
  objects: RunObject[];
}

export interface ProtectionGroup {
  profileId: string;
  profileName: string;
  id: string;
  name: string;
  environment: string;
  policyId: string;
  policyName: string;
  objectCount: number;
  paused: boolean;
  lastRun?: RunSummary;
  /** The group's SLA as IBM states it, e.g. "Full 120 min, Incremental 60 min". */
  sla?: string;
}

export interface ProtectionPolicyName {
  profileId: string;
  id: string;
  name: string;
}

export interface GroupsListing {
  groups: ProtectionGroup[];
  policies: ProtectionPolicyName[];
  /** Profiles whose groups could not be read, with why. */
  failures: { profileId: string; profileName: string; message: string }[];
}

export interface GroupDetail {
  group: ProtectionGroup;
  objects: { id: string; name: string }[];
  runs: RunSummary[];
}

export interface RunOutcome {
  runId: string;
  ok: boolean;
  message?: string;
}

/** A run of the retention dry run: its expiry now and after the change. */
export interface RetentionPlanRun {
  profileId: string;
  groupId: string;
  groupName: string;
  runId: string;
  startedAt: string;
  oldExpiry?: string;
  newExpiry: string;
  /** The new expiry comes earlier than the old one: snapshots would go sooner. */
  shortens: boolean;
}

export const GroupInputSchema = z
  .object({
    profileId,
    name: z.string().trim().min(1, 'A name.').max(200),
    policyId: groupId,
    objectIds: z.array(objectId).min(1, 'At least one object.').max(10_000),
  })
  .strict();
export type GroupInput = z.infer<typeof GroupInputSchema>;

const retentionChoice = {
  groups: z.array(groupRef).min(1).max(500),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  daysToKeep: z.number().int().min(1).max(36_500),
};

export const protectionRequests = {
  'protection.groups': request<GroupsListing>()(
    z.undefined(),
    'The protection groups of every IBM profile with their last run, and the policies by name.',
  ),
  'protection.group': request<GroupDetail>()(groupRef, "A group's objects and its latest runs."),
  'protection.run': request<ProtectionRun>()(
    z.object({ profileId, groupId, runId }).strict(),
    'One run with the status and error of each of its objects.',
  ),
  'protection.sources': request<{ id: string; name: string }[]>()(
    z.object({ profileId }).strict(),
    'The registered objects a group can protect.',
  ),
  'protection.runNow': request<{ batchId: string; taskIds: string[] }>()(
    z
      .object({
        groups: z.array(groupRef).min(1).max(2_000),
        runType: z.enum(RUN_TYPES),
        /** All the group's objects, the ones that failed in its last run, or the ones named (one group only). */
        objects: z.union([z.enum(['all', 'failed']), z.array(objectId).min(1).max(10_000)]),
      })
      .strict(),
    'Starts a run of each group now, each a task followed to its end.',
  ),
  'protection.setPaused': request<{ batchId: string; taskIds: string[] }>()(
    z.object({ groups: z.array(groupRef).min(1).max(2_000), paused: z.boolean() }).strict(),
    'Pauses or resumes the future runs of groups (tasks).',
  ),
  'protection.runAction': request<RunOutcome[]>()(
    z
      .object({ profileId, groupId, runIds: z.array(runId).min(1).max(100), action: z.enum(RUN_ACTIONS) })
      .strict(),
    'Pauses, resumes or cancels runs (a task); answers each run’s outcome.',
  ),
  'protection.updateRuns': request<RunOutcome[]>()(
    z
      .object({
        profileId,
        groupId,
        runIds: z.array(runId).min(1).max(1_000),
        daysToKeep: z.number().int().min(1).max(36_500).optional(),
        legalHold: z.boolean().optional(),
        /** Shortening a retention must be asked for explicitly. */
        allowShorten: z.boolean().optional(),
      })
      .strict()
      .refine((r) => r.daysToKeep !== undefined || r.legalHold !== undefined, 'A retention or a legal hold.'),
    'Changes the retention of runs or their legal hold (a task); answers each run’s outcome.',
  ),
  'protection.createGroup': request<ProtectionGroup>()(
    GroupInputSchema,
    'Creates a protection group (a task).',
  ),
  'protection.updateGroup': request<ProtectionGroup>()(
    GroupInputSchema.extend({ groupId }).strict(),
    "Changes a group's name, policy and objects (a task).",
  ),
  'protection.deleteGroup': request<null>()(
    z
      .object({
        profileId,
        groupId,
        deleteSnapshots: z.boolean(),
        /** With its snapshots: the number of runs whose snapshots go, as the user typed it. */
        confirmCount: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict(),
    'Deletes a group, and its snapshots when asked with a typed confirmation (a task).',
  ),
  'protection.retentionPlan': request<RetentionPlanRun[]>()(
    z.object(retentionChoice).strict(),
    "A dry run: each chosen run's expiry now and after keeping it `daysToKeep` days from its start.",
  ),
  'protection.retentionApply': request<RunOutcome[]>()(
    z.object({ ...retentionChoice, allowShorten: z.boolean() }).strict(),
    'Applies a retention change to the runs of the dry run; refuses to shorten unless allowed (tasks).',
  ),
} as const;
