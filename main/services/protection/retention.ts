import type { ProtectionRun, RetentionPlanRun } from '../../../common/contract/protection';

const DAY_MS = 86_400_000;

/**
 * The dry run of a retention change: IBM keeps a run `daysToKeep` days from its start (`localSnapshotConfig.daysToKeep`),
 * so each run's new expiry is known before anything is sent, and any run that would expire sooner is marked.
 */
export function planRetention(
  group: { profileId: string; groupId: string; groupName: string },
  runs: readonly ProtectionRun[],
  daysToKeep: number,
): RetentionPlanRun[] {
  return runs.flatMap((run) => {
    if (!run.startedAt) return [];
    const newExpiry = new Date(Date.parse(run.startedAt) + daysToKeep * DAY_MS).toISOString();
    return [
      {
        ...group,
        runId: run.id,
        startedAt: run.startedAt,
        ...(run.expiresAt ? { oldExpiry: run.expiresAt } : {}),
        newExpiry,
        shortens: run.expiresAt !== undefined && Date.parse(newExpiry) < Date.parse(run.expiresAt),
      },
    ];
  });
}
