import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../../common/contract';
import type { ProtectionGroup } from '../../../common/contract/protection';
import { startLabConnections, type LabConnections } from '../../connectors/test-lab';
import { createEventBus } from '../../ipc/events';
import { createAuditLog, type AuditLog } from '../audit';
import type { Inventory } from '../inventory';
import { createTasks, type Tasks } from '../tasks';
import { createProtection, type Protection } from '.';
import { nameCollator } from '../../../common/name-order';

// The protection service against the lab (runs at 1/50 of real time), through real tasks and the audit log.
let env: LabConnections;
let dir: string;
let audit: AuditLog;
let tasks: Tasks;
let protection: Protection;
let profileId: string;
let groups: ProtectionGroup[];

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 1000, timeScale: 0.02 });
  const { profile } = await env.connect(
    {
      options: {
        vendor: 'ibm-br',
        region: 'us-east',
        instanceId: 'lab',
        tenantId: env.info.credentials.tenantId ?? '',
        iamUrl: `${env.info.url}/identity/token`,
      },
    },
    env.info.credentials.apiKey ?? '',
  );
  profileId = profile.id;
  dir = await mkdtemp(join(tmpdir(), 'vantage-protection-'));
  audit = createAuditLog(dir);
  tasks = createTasks({
    connections: env.connections,
    inventory: {} as Inventory,
    audit,
    bus: createEventBus<VantageContract>(),
  });
  protection = createProtection({
    connections: env.connections,
    tasks,
    follow: { pollMs: 50, maxPollMs: 200 },
  });
  groups = (await protection.groups()).groups;
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

const healthy = (index: number): ProtectionGroup => {
  const group = groups.filter((g) => g.lastRun?.status === 'Succeeded' && g.objectCount > 1)[index];
  if (!group) throw new Error(`no healthy group #${index}`);
  return group;
};
const ref = (g: ProtectionGroup) => ({ profileId, groupId: g.id });

describe('protection service', () => {
  it('lists every group of the IBM profile with its profile, last run and the policies by name', async () => {
    const listing = await protection.groups();
    expect(listing.failures).toEqual([]);
    expect(listing.groups.length).toBeGreaterThanOrEqual(8);
    expect(
      listing.groups.every((g) => g.profileId === profileId && g.profileName.startsWith('Lab ibm-br')),
    ).toBe(true);
    expect(listing.policies.map((p) => p.name)).toContain('Gold');
    // In the table's first order, so that the page's sort finds them sorted.
    const names = listing.groups.map((g) => g.name);
    expect(names).toEqual([...names].sort((a, b) => nameCollator.compare(a, b)));
    expect(new Set(names).size).toBeGreaterThan(1);
  });

  it('runs a group now as a task followed to Succeeded, with an audit entry', async () => {
    const group = healthy(0);
    const { taskIds } = await protection.runNow({
      groups: [ref(group)],
      runType: 'kRegular',
      objects: 'all',
    });
    const task = await tasks.settled(taskIds[0] ?? '');
    expect(task.state, task.message).toBe('succeeded');
    expect(task.message).toMatch(/ended Succeeded/);
    const [entry] = await audit.list({ text: 'protection.runNow' });
    expect(entry).toMatchObject({ outcome: 'succeeded', machineName: group.name });
  });

  it('re-runs only the objects that failed last time, and a run that fails fails its task in IBM words', async () => {
    const broken = groups.find((g) => g.lastRun?.status === 'Failed' && g.objectCount > 1);
    if (!broken) throw new Error('no broken group');
    const { taskIds } = await protection.runNow({
      groups: [ref(broken)],
      runType: 'kRegular',
      objects: 'failed',
    });
    const task = await tasks.settled(taskIds[0] ?? '');
    expect(task.state).toBe('failed');
    expect(task.message).toMatch(/failed: .+/);
    const [last] = (await protection.group(ref(broken))).runs;
    const run = await protection.run({ ...ref(broken), runId: last?.id ?? '' });
    expect(run.objects.length).toBeLessThan(broken.objectCount);
  });

  it('cancelling the task cancels the run at IBM', async () => {
    const group = healthy(1);
    const { taskIds } = await protection.runNow({ groups: [ref(group)], runType: 'kFull', objects: 'all' });
    const id = taskIds[0] ?? '';
    for (let i = 0; i < 100 && !tasks.list().find((t) => t.id === id)?.progress; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    tasks.cancel(id);
    expect((await tasks.settled(id)).state).toBe('cancelled');
    const [last] = (await protection.group(ref(group))).runs;
    expect(last?.status).toMatch(/^Cancel/);
  });

  it('refuses to shorten a retention unless allowed, then applies it with each run’s outcome', async () => {
    const group = healthy(2);
    const window = {
      from: new Date(Date.now() - 400 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
    };
    const choice = { groups: [ref(group)], ...window, daysToKeep: 1 };
    const plan = await protection.retentionPlan(choice);
    expect(plan.length).toBeGreaterThan(0);
    expect(
      plan.every((r) => r.shortens && r.oldExpiry !== undefined && r.newExpiry < (r.oldExpiry ?? '')),
    ).toBe(true);
    await expect(protection.retentionApply({ ...choice, allowShorten: false })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const outcomes = await protection.retentionApply({ ...choice, allowShorten: true });
    expect(outcomes.map((o) => o.runId).sort()).toEqual(plan.map((r) => r.runId).sort());
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await protection.retentionPlan(choice)).some((r) => r.shortens)).toBe(false);
  });

  it('deletes a group with its snapshots only with the typed number of runs', async () => {
    const sources = (await protection.sources(profileId)).slice(0, 2);
    const policy = (await protection.groups()).policies[0];
    const created = await protection.createGroup({
      profileId,
      name: 'Service test group',
      policyId: policy?.id ?? '',
      objectIds: sources.map((s) => s.id),
    });
    const target = ref(created);
    await expect(
      protection.deleteGroup({ ...target, deleteSnapshots: true, confirmCount: 3 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await protection.deleteGroup({ ...target, deleteSnapshots: true, confirmCount: 0 })).toBeNull();
    expect((await protection.groups()).groups.some((g) => g.id === created.id)).toBe(false);
  });
});
