import type { Rng } from '../core/rng';
import { isObject, type Json } from './body';
import { timeline } from './lifecycle';
import type { Group, Host, Outcome, Run } from './model';
import type { IbmState } from './state';

/* Creating runs, for the seeded history and for POST .../runs alike. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNIT_MS: Record<string, number> = {
  Minutes: 60_000,
  Hours: HOUR,
  Days: DAY,
  Weeks: 7 * DAY,
  Months: 30 * DAY,
};

export interface RunPlan {
  startedAt: number;
  acceptMs: number;
  durationMs: number;
  runType: string;
  objectIds: readonly number[];
  outcome: Outcome;
  failedObjectIds: number[];
  messages: string[];
  bytesPerObject: number;
}

function regular(policy: Json | undefined): Json | undefined {
  const backup = policy?.backupPolicy;
  const reg = isObject(backup) ? backup.regular : undefined;
  return isObject(reg) ? reg : undefined;
}

/** The incremental schedule period of a policy spec (a day when it cannot be read). */
export function scheduleIntervalMs(policy: Json | undefined): number {
  const incremental = regular(policy)?.incremental;
  const schedule = isObject(incremental) ? incremental.schedule : undefined;
  if (!isObject(schedule) || typeof schedule.unit !== 'string') return DAY;
  const unit = UNIT_MS[schedule.unit] ?? DAY;
  const key = `${schedule.unit.slice(0, -1).toLowerCase()}Schedule`;
  const detail = schedule[key];
  const frequency = isObject(detail) && typeof detail.frequency === 'number' ? detail.frequency : 1;
  return unit * Math.max(1, frequency);
}

export function retentionMs(policy: Json | undefined): number {
  const retention = regular(policy)?.retention;
  if (!isObject(retention) || typeof retention.unit !== 'string' || typeof retention.duration !== 'number')
    return 14 * DAY;
  return (UNIT_MS[retention.unit] ?? (retention.unit === 'Years' ? 365 * DAY : DAY)) * retention.duration;
}

export function addRun(state: IbmState, group: Group, plan: RunPlan): Run {
  const instanceId = state.nextInstance();
  const startUsecs = plan.startedAt * 1000 + (instanceId % 1000);
  const policy = state.policies.get(String(group.spec.policyId))?.spec;
  const run: Run = {
    instanceId,
    groupSeq: group.seq,
    startUsecs,
    runType: plan.runType,
    objectIds: plan.objectIds,
    timeline: timeline(plan.startedAt, plan.acceptMs, plan.durationMs),
    outcome: plan.outcome,
    failedObjectIds: plan.failedObjectIds,
    messages: plan.messages,
    bytesPerObject: plan.bytesPerObject,
    onLegalHold: false,
    snapshotsDeleted: false,
    expiryUsecs: startUsecs + retentionMs(policy) * 1000,
    taskSeq: state.nextSeq(),
  };
  state.addRun(group, run);
  return run;
}

export function failureMessage(rng: Rng, host: Host): string {
  const messages = [
    `Failed to connect to the agent on ${host.name} (${host.endpoint}): connection timed out after 300 seconds.`,
    `Agent on ${host.name} is not reachable. Verify that the agent service is running and port 50051 is open.`,
    `Backup of ${host.name} failed: not enough free space for the change-tracking journal.`,
  ];
  if (host.osType === 'kWindows')
    messages.push(
      `Snapshot creation failed on ${host.name}: VSS writer 'SqlServerWriter' is in a failed state.`,
    );
  return rng.pick(messages);
}

export function warningMessage(rng: Rng, host: Host): string {
  return `${rng.int(2, 40)} files on ${host.name} changed during the backup and were skipped.`;
}

/** A run asked for through the API: it starts now, takes scaled minutes and fails only in seeded broken groups. */
export function planManualRun(
  state: IbmState,
  group: Group,
  runType: string,
  objectIds: readonly number[],
): RunPlan {
  const rng = state.rng.fork(`manual-run/${group.seq}/${group.runs.length}`);
  const failure = group.failure && objectIds.includes(group.failure.objectId) ? group.failure : undefined;
  return {
    startedAt: state.now(),
    acceptMs: state.clock.scaled(3_000),
    durationMs: state.clock.scaled(rng.int(30_000, 90_000)),
    runType,
    objectIds,
    outcome: failure ? 'Failed' : 'Succeeded',
    failedObjectIds: failure ? [failure.objectId] : [],
    messages: failure ? [failure.message] : [],
    bytesPerObject: rng.int(64, 4096) * 1024 * 1024,
  };
}
