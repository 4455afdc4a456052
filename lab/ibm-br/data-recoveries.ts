import type { Rng } from '../core/rng';
import { fileCatalogue } from './files';
import { timeline } from './lifecycle';
import type { UpgradeTask } from './model';
import { addRecovery, type RecoveryPlan } from './recoveries';
import type { IbmState } from './state';

/* Seeded recovery history and agent upgrade tasks. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The newest snapshot taken before `before` in the first group (from a random start) that has one. */
function someSnapshot(
  state: IbmState,
  rng: Rng,
  before: number,
): { snapshotId: string; hostId: number } | undefined {
  const groups = state.liveGroups().filter((group) => group.objectIds.length > 0);
  const offset = groups.length ? rng.int(0, groups.length - 1) : 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[(offset + g) % groups.length];
    for (let i = (group?.runs.length ?? 0) - 1; group && i >= 0; i--) {
      const run = group.runs[i];
      if (!run || run.startUsecs >= before * 1000) continue;
      const hostId = group.objectIds.find((id) => state.hasSnapshot(run, id));
      if (hostId !== undefined) return { snapshotId: state.snapshotId(group, run, hostId), hostId };
    }
  }
  return undefined;
}

type Kind = 'file' | 'folder' | 'restore' | 'restore-failed' | 'canceled' | 'expired';
const KINDS: readonly Kind[] = [
  'file',
  'folder',
  'restore',
  'restore-failed',
  'canceled',
  'expired',
  'file',
  'folder',
];

export function seedRecoveries(state: IbmState, rng: Rng): void {
  const now = state.now();
  KINDS.forEach((kind, index) => {
    const startedAt = now - (kind === 'expired' ? 8 * DAY : rng.int(1, 48) * HOUR) - index * 60_000;
    const source = someSnapshot(state, rng, startedAt - HOUR);
    const host = source && state.hosts.get(source.hostId);
    if (!source || !host) return;
    const catalogue = fileCatalogue(state.seed, host.id, host.osType);
    const file = rng.pick(catalogue);
    const selections =
      kind === 'folder' || kind === 'expired'
        ? [{ absolutePath: file.dir, isDirectory: true }]
        : [{ absolutePath: file.path, isDirectory: false }];
    const download = kind !== 'restore' && kind !== 'restore-failed';
    const plan: RecoveryPlan = {
      name: `${download ? 'Download' : 'Recover'}_${host.name}_${index + 1}`,
      action: download ? 'DownloadFilesAndFolders' : 'RecoverFiles',
      snapshotId: source.snapshotId,
      selections,
      startedAt,
      acceptMs: rng.int(2, 20) * 1000,
      durationMs: rng.int(1, 25) * 60_000,
      userName: rng.pick(['admin@example.com', 'ops@example.com', 'backup-admin@example.com']),
      ...(download
        ? {}
        : {
            params: {
              recoveryAction: 'RecoverFiles',
              recoverFileAndFolderParams: {
                targetEnvironment: 'kPhysical',
                physicalTargetParams: {
                  recoverTarget: { id: host.id },
                  restoreToOriginalPaths: true,
                  overwriteExisting: false,
                },
              },
            },
          }),
      ...(kind === 'restore-failed'
        ? { outcome: 'Failed', messages: [`Failed to connect to the agent on target host ${host.name}.`] }
        : {}),
    };
    const recovery = addRecovery(state, plan);
    if (kind === 'canceled') recovery.timeline.canceledAt = startedAt + plan.acceptMs + 30_000;
  });
}

export function seedUpgradeTasks(state: IbmState, rng: Rng): void {
  const agents = [...state.hosts.keys()].slice(0, 6);
  if (agents.length === 0) return;
  const now = state.now();
  const plans: { name: string; type: UpgradeTask['type']; daysAgo: number; failed: number[] }[] = [
    { name: 'Auto upgrade after cluster update', type: 'Auto', daysAgo: 21, failed: [] },
    { name: 'Upgrade agents on web tier', type: 'Manual', daysAgo: 4, failed: agents.slice(-1) },
  ];
  for (const plan of plans) {
    const startedAt = now - plan.daysAgo * DAY;
    const task: UpgradeTask = {
      id: state.nextTaskId(),
      name: plan.name,
      type: plan.type,
      agentIds: agents,
      scheduleTimeUsecs: startedAt * 1000,
      timeline: timeline(startedAt, 0, rng.int(5, 30) * 60_000),
      failedAgentIds: plan.failed,
      clusterVersion: '7.2.2_u1',
      previousVersions: new Map(agents.map((id) => [id, '7.1.2_u2'])),
    };
    state.upgradeTasks.set(task.id, task);
  }
}
