import type { Rng } from '../core/rng';
import type { Json } from './body';
import type { Group, Host, Outcome, Policy } from './model';
import { addRun, failureMessage, scheduleIntervalMs, warningMessage } from './runs';
import type { IbmState } from './state';

/* Seeded policies, protection groups and their run history. */

const MINUTE = 60_000;
const HISTORY = 14;

export function policySpec(
  name: string,
  description: string,
  schedule: Json,
  retention: { unit: string; duration: number },
  weeklyFull: boolean,
): Json {
  return {
    name,
    description,
    backupPolicy: {
      regular: {
        incremental: { schedule },
        ...(weeklyFull
          ? { full: { schedule: { unit: 'Weeks', weekSchedule: { dayOfWeek: ['Sunday'] } } } }
          : {}),
        retention,
        primaryBackupTarget: { targetType: 'Local', useDefaultBackupTarget: true },
      },
    },
    retryOptions: { retries: 3, retryIntervalMins: 5 },
    isCBSEnabled: false,
  };
}

function seedPolicies(state: IbmState): Policy[] {
  const specs = [
    policySpec(
      'Basic',
      'Default policy: daily, kept two weeks.',
      { unit: 'Days', daySchedule: { frequency: 1 } },
      { unit: 'Weeks', duration: 2 },
      false,
    ),
    policySpec(
      'Gold',
      'Every 4 hours, kept 30 days, weekly full.',
      { unit: 'Hours', hourSchedule: { frequency: 4 } },
      { unit: 'Days', duration: 30 },
      true,
    ),
    policySpec(
      'Silver',
      'Every 12 hours, kept 14 days.',
      { unit: 'Hours', hourSchedule: { frequency: 12 } },
      { unit: 'Days', duration: 14 },
      false,
    ),
    policySpec(
      'Bronze',
      'Daily, kept 7 days.',
      { unit: 'Days', daySchedule: { frequency: 1 } },
      { unit: 'Days', duration: 7 },
      false,
    ),
    policySpec(
      'Monthly-LTR',
      'Weekly, kept one year.',
      { unit: 'Weeks', weekSchedule: { dayOfWeek: ['Saturday'] } },
      { unit: 'Years', duration: 1 },
      false,
    ),
  ];
  const modified = (state.now() - 90 * 24 * 60 * MINUTE) * 1000;
  return specs.map((spec) => {
    const policy: Policy = {
      id: state.entityId(state.nextSeq()),
      spec,
      version: 1,
      lastModificationTimeUsecs: modified,
    };
    state.policies.set(policy.id, policy);
    return policy;
  });
}

function physicalParams(hosts: readonly Host[], protectionType: 'kFile' | 'kVolume'): Json {
  const indexingPolicy = { enableIndexing: true, includePaths: ['/'], excludePaths: [] };
  if (protectionType === 'kVolume')
    return {
      protectionType,
      volumeProtectionTypeParams: {
        objects: hosts.map((host) => ({ id: host.id, name: host.name, enableSystemBackup: false })),
        indexingPolicy,
        quiesce: true,
        continueOnQuiesceFailure: true,
      },
    };
  return {
    protectionType,
    fileProtectionTypeParams: {
      objects: hosts.map((host) => ({
        id: host.id,
        name: host.name,
        filePaths: [{ includedPath: '/', excludedPaths: [], skipNestedVolumes: false }],
      })),
      indexingPolicy,
      performSourceSideDeduplication: false,
      quiesce: false,
      continueOnQuiesceFailure: false,
      allowParallelRuns: false,
    },
  };
}

const TEAMS = ['Prod', 'Finance', 'HR', 'Web', 'Analytics', 'Dev', 'Ops', 'Sales', 'Legal', 'Support'];

function groupSpec(rng: Rng, index: number, policy: Policy, hosts: readonly Host[]): Json {
  const protectionType = rng.chance(0.7) ? 'kFile' : 'kVolume';
  return {
    name: `${rng.pick(TEAMS)}-${protectionType === 'kFile' ? 'Files' : 'Volumes'}-${String(index + 1).padStart(2, '0')}`,
    policyId: policy.id,
    environment: 'kPhysical',
    priority: rng.pick(['kLow', 'kMedium', 'kHigh']),
    description: `Protects ${hosts.length} hosts.`,
    startTime: { hour: rng.int(0, 23), minute: rng.pick([0, 15, 30, 45]), timeZone: 'America/New_York' },
    sla: [
      { backupRunType: 'kIncremental', slaMinutes: 60 },
      { backupRunType: 'kFull', slaMinutes: 120 },
    ],
    qosPolicy: 'kBackupHDD',
    abortInBlackouts: false,
    pauseInBlackouts: false,
    isPaused: false,
    alertPolicy: {
      backupRunStatus: ['kFailure'],
      alertTargets: [{ emailAddress: 'backup-admins@example.com', language: 'en-us', recipientType: 'kTo' }],
      raiseObjectLevelFailureAlert: true,
    },
    physicalParams: physicalParams(hosts, protectionType),
  };
}

/** Spreads protected hosts over groups; when there are fewer hosts than groups, groups share hosts. */
function assignHosts(hosts: readonly Host[], groupCount: number): Host[][] {
  const buckets: Host[][] = Array.from({ length: groupCount }, () => []);
  hosts.forEach((host, index) => buckets[index % groupCount]?.push(host));
  return buckets.map((bucket, index) => {
    const shared = hosts[index % Math.max(1, hosts.length)];
    return bucket.length === 0 && shared ? [shared] : bucket;
  });
}

function seedHistory(state: IbmState, rng: Rng, group: Group, hosts: readonly Host[], broken: boolean): void {
  const interval = scheduleIntervalMs(state.policies.get(String(group.spec.policyId))?.spec);
  const now = state.now();
  for (let k = HISTORY; k >= 1; k--) {
    const last = k === 1;
    let outcome: Outcome = 'Succeeded';
    if ((broken && last) || rng.chance(0.05)) outcome = 'Failed';
    else if (rng.chance(0.06)) outcome = 'SucceededWithWarning';
    const failing =
      broken && group.failure ? hosts.find((h) => h.id === group.failure?.objectId) : rng.pick(hosts);
    const message =
      outcome === 'Failed' && failing
        ? broken && group.failure
          ? group.failure.message
          : failureMessage(rng, failing)
        : undefined;
    addRun(state, group, {
      startedAt: now - k * interval - rng.int(0, 10) * MINUTE,
      acceptMs: rng.int(5, 40) * 1000,
      durationMs: rng.int(3, 40) * MINUTE,
      runType: k % 7 === 0 ? 'kFull' : 'kRegular',
      objectIds: group.objectIds,
      outcome,
      failedObjectIds: outcome === 'Failed' && failing ? [failing.id] : [],
      messages: message
        ? [message]
        : outcome === 'SucceededWithWarning' && failing
          ? [warningMessage(rng, failing)]
          : [],
      bytesPerObject: rng.int(64, 8192) * 1024 * 1024,
    });
  }
}

/** From this many hosts on, a tenant is large: one group per 50 hosts (100,000 hosts: 2,000 groups, the issue's). */
const LARGE_TENANT_HOSTS = 20_000;
const MAX_GROUPS = 2_000;

function groupsFor(hosts: number): number {
  if (hosts >= LARGE_TENANT_HOSTS) return Math.min(MAX_GROUPS, Math.round(hosts / 50));
  return Math.min(48, Math.max(8, Math.round(hosts / 40)));
}

/** Policies, dozens of groups over the registered hosts (about 8% stay unprotected) and 14 runs each. */
export function seedProtection(state: IbmState, rng: Rng): void {
  const policies = seedPolicies(state);
  const hosts = [...state.hosts.values()];
  const protectedHosts = hosts.filter(() => !rng.chance(0.08));
  const groupCount = groupsFor(hosts.length);
  const buckets = hosts.length ? assignHosts(protectedHosts.length ? protectedHosts : hosts, groupCount) : [];
  buckets.forEach((members, index) => {
    const policy = policies[index % (policies.length - 1)] ?? policies[0];
    if (!policy) return;
    const seq = state.nextSeq();
    const spec = groupSpec(rng, index, policy, members);
    // Every seventh group is broken: one host keeps failing and the last run Failed; one is paused by its admin.
    const broken = index % 7 === 3 && members.length > 0;
    if (index % 11 === 5) spec.isPaused = true;
    const culprit = rng.pick(members);
    const group: Group = {
      seq,
      id: state.entityId(seq),
      spec,
      objectIds: members.map((host) => host.id),
      runs: [],
      runsById: new Map(),
      isDeleted: false,
      lastModifiedTimestampUsecs: (state.now() - rng.int(5, 120) * 86_400_000) * 1000,
      ...(broken ? { failure: { objectId: culprit.id, message: failureMessage(rng, culprit) } } : {}),
    };
    state.addGroup(group);
    seedHistory(state, rng, group, members, broken);
  });
  seedActiveRun(state, rng);
}

/** One healthy group is in the middle of a scheduled run when the lab starts. */
function seedActiveRun(state: IbmState, rng: Rng): void {
  const group = [...state.groups.values()].find((g, i) => i === 1 && !g.failure && g.objectIds.length > 0);
  if (!group) return;
  addRun(state, group, {
    startedAt: state.now(),
    acceptMs: state.clock.scaled(2_000),
    durationMs: state.clock.scaled(rng.int(60_000, 120_000)),
    runType: 'kRegular',
    objectIds: group.objectIds,
    outcome: 'Succeeded',
    failedObjectIds: [],
    messages: [],
    bytesPerObject: rng.int(64, 2048) * 1024 * 1024,
  });
}
