import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProtectionOperations } from '../protection';
import { connectIbm, startLabConnections, type LabConnections } from '../test-lab';

// The IBM protection capability against the lab over HTTPS: 100 hosts in 8 groups, runs at 1/50 of real time.
let env: LabConnections;
let ops: ProtectionOperations;

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 1000, timeScale: 0.02 });
  const { connector } = await connectIbm(env);
  if (!connector.protection) throw new Error('the IBM connector has no protection capability');
  ops = connector.protection;
});
afterAll(() => env.close());

const settle = async (groupId: string, runId: string): Promise<string> => {
  for (let i = 0; i < 200; i++) {
    const run = await ops.readRun(groupId, runId);
    if (['Succeeded', 'SucceededWithWarning', 'Failed', 'Canceled'].includes(run.status)) return run.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not settle`);
};

describe('IBM protection groups and runs', () => {
  it('lists groups with their last run, policy names and SLA; a broken group says why it failed', async () => {
    const { groups, policies: list } = await ops.listGroups();
    expect(groups.length).toBeGreaterThanOrEqual(8);
    const policies = new Set(list.map((p) => p.name));
    expect(groups.every((g) => g.objectCount > 0)).toBe(true);
    for (const group of groups) {
      expect(group.id).toMatch(/^\d+:\d+:\d+$/);
      expect(policies.has(group.policyName)).toBe(true);
      expect(group.lastRun?.startedAt).toMatch(/^\d{4}-/);
    }
    expect(groups.some((g) => g.paused)).toBe(true);
    expect(groups[0]?.sla).toContain('min');
    const broken = groups.find((g) => g.lastRun?.status === 'Failed');
    if (!broken?.lastRun) throw new Error('no group whose last run failed');
    const run = await ops.readRun(broken.id, broken.lastRun.id);
    const failed = run.objects.filter((o) => o.status === 'kFailed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.message).toBeTruthy();
    expect(run.expiresAt).toMatch(/^\d{4}-/);
  });

  it('runs a group now, finds the run the 202 did not name, and follows it to its end', async () => {
    const group = (await ops.listGroups()).groups.find(
      (g) => g.lastRun?.status === 'Succeeded' && !g.paused && g.objectCount > 0,
    );
    if (!group) throw new Error('no healthy group');
    const before = new Set((await ops.listRuns(group.id, {})).map((r) => r.id));
    const runId = await ops.startRun(group.id, 'kFull', undefined, new AbortController().signal);
    expect(before.has(runId)).toBe(false);
    expect((await ops.readRun(group.id, runId)).type).toBe('kFull');
    expect(await settle(group.id, runId)).toBe('Succeeded');
  });

  it('cancels a run in progress; cancelling it again is refused in IBM words', async () => {
    const group = (await ops.listGroups()).groups.filter(
      (g) => g.lastRun?.status === 'Succeeded' && g.objectCount > 0,
    )[1];
    if (!group) throw new Error('no second healthy group');
    const runId = await ops.startRun(group.id, 'kRegular', undefined, new AbortController().signal);
    expect(await ops.runAction(group.id, [runId], 'cancel')).toEqual([{ runId, ok: true }]);
    expect(await settle(group.id, runId)).toBe('Canceled');
    await expect(ops.runAction(group.id, [runId], 'cancel')).rejects.toThrow(/not found or not running/);
    // Pausing a finished run answers 202 with the reason beside the run.
    const [paused] = await ops.runAction(group.id, [runId], 'pause');
    expect(paused?.ok).toBe(false);
    expect(paused?.message).toMatch(/cannot be paused/);
  });

  it('pauses and resumes future runs with a full PUT, keeping the rest of the group', async () => {
    const group = (await ops.listGroups()).groups.find((g) => !g.paused);
    if (!group) throw new Error('no running group');
    const before = await ops.readGroup(group.id);
    expect((await ops.updateGroup(group.id, { paused: true })).paused).toBe(true);
    const after = await ops.readGroup(group.id);
    expect(after.objects).toEqual(before.objects);
    expect(after.group.sla).toBe(before.group.sla);
    expect((await ops.updateGroup(group.id, { paused: false })).paused).toBe(false);
  });

  it('changes a run retention and legal hold, reporting each run (207)', async () => {
    const group = (await ops.listGroups()).groups[0];
    if (!group) throw new Error('no group');
    const [first, second] = await ops.listRuns(group.id, { numRuns: 2, objects: true });
    if (!first || !second) throw new Error('fewer than two runs');
    const outcomes = await ops.updateRuns(group.id, [first.id, '1:1'], { daysToKeep: 400, legalHold: true });
    expect(outcomes[0]).toEqual({ runId: first.id, ok: true });
    expect(outcomes[1]?.ok).toBe(false);
    expect(outcomes[1]?.message).toMatch(/not found/);
    const changed = await ops.readRun(group.id, first.id);
    expect(changed.onLegalHold).toBe(true);
    expect(Date.parse(changed.expiresAt ?? '') - Date.parse(changed.startedAt ?? '')).toBe(400 * 86_400_000);
  });

  it('creates a group from registered sources, edits it, and deletes it with its snapshots', async () => {
    const sources = (await ops.sources()).slice(0, 3);
    const [policy] = await ops.policies();
    if (!policy || sources.length < 3) throw new Error('no policy or sources');
    const created = await ops.createGroup({
      name: 'Unit-test group',
      policyId: policy.id,
      objectIds: sources.slice(0, 2).map((s) => s.id),
    });
    expect(created).toMatchObject({ name: 'Unit-test group', objectCount: 2, policyName: policy.name });
    const edited = await ops.updateGroup(created.id, {
      name: 'Unit-test group 2',
      objectIds: sources.map((s) => s.id),
    });
    expect(edited.objectCount).toBe(3);
    expect((await ops.readGroup(created.id)).objects.map((o) => o.name)).toEqual(sources.map((s) => s.name));
    await ops.deleteGroup(created.id, true);
    expect((await ops.listGroups()).groups.some((g) => g.id === created.id)).toBe(false);
  });
});
