import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PolicySettings } from '../../../common/contract/protection-admin';
import { labClient, type LabClient } from '../../../lab/core/testing';
import { signIn, until } from '../../../lab/ibm-br/test-support';
import type { ProtectionAdminOperations } from '../protection-admin';
import { connectIbm, startLabConnections, type LabConnections } from '../test-lab';

// The IBM administration capability against the lab over HTTPS. A small time scale lets upgrades end quickly.
let env: LabConnections;
let raw: LabClient;
let headers: Record<string, string>;
let admin: ProtectionAdminOperations;

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 300, timeScale: 0.02 });
  raw = labClient(env.info);
  headers = await signIn(raw, env.info);
  const { connector } = await connectIbm(env);
  admin = connector.protectionAdmin as ProtectionAdminOperations;
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

/** The lab's own answer as text: int64 ids read from it exactly, never through a JavaScript number. */
async function serviceText(path: string): Promise<string> {
  const answer = await raw.call('GET', `/v2/${path}`, { headers });
  expect(answer.status, answer.text).toBe(200);
  return answer.text;
}
const int64Field = (text: string, key: string): string | undefined =>
  new RegExp(`"${key}"\\s*:\\s*(\\d+)`).exec(text)?.[1];

const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  name: `Unit ${Math.random().toString(36).slice(2, 8)}`,
  description: 'Created by a unit test.',
  schedule: { unit: 'Hours', frequency: 6 },
  fullBackupDays: ['Sunday'],
  retention: { unit: 'Days', duration: 21 },
  retries: 2,
  retryIntervalMins: 10,
  ...over,
});

describe('IBM policies', () => {
  it('lists the seeded policies with the number of groups using each', async () => {
    const policies = await admin.policies.list();
    const basic = policies.find((p) => p.settings.name === 'Basic');
    expect(basic?.settings.schedule).toEqual({ unit: 'Days', frequency: 1 });
    expect(basic?.settings.retention).toEqual({ unit: 'Weeks', duration: 2 });
    expect(basic?.protectionGroups).toBeGreaterThan(0);
    expect(policies.find((p) => p.settings.name === 'Monthly-LTR')?.protectionGroups).toBe(0);
  });

  it('creates, reads back and edits a policy, keeping what Vantage does not edit', async () => {
    const wanted = settings();
    const created = await admin.policies.create(wanted);
    expect(created.settings).toEqual(wanted);
    const edited = settings({
      name: wanted.name,
      schedule: { unit: 'Weeks', daysOfWeek: ['Monday', 'Thursday'] },
      fullBackupDays: [],
      retention: { unit: 'Months', duration: 3 },
    });
    const updated = await admin.policies.update(created.id, edited);
    expect(updated.settings).toEqual(edited);
    expect(updated.version).toBe((created.version ?? 0) + 1);
    const stored = JSON.parse(await serviceText(`data-protect/policies/${created.id}`)) as {
      backupPolicy: { regular: Record<string, unknown> };
    };
    expect(stored.backupPolicy.regular.primaryBackupTarget).toEqual({ useDefaultBackupTarget: true });
    expect(stored.backupPolicy.regular.full).toBeUndefined();
    expect((await admin.policies.get(created.id)).settings).toEqual(edited);
    // Saving over the version first read is refused as stale: the edit above came after it.
    await expect(
      admin.policies.update(created.id, settings({ name: wanted.name }), created.lastModificationTimeUsecs),
    ).rejects.toThrow(/stale/);
    expect((await admin.policies.get(created.id)).settings).toEqual(edited);
    await admin.policies.remove(created.id);
    await expect(admin.policies.get(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to delete a policy in use, naming the groups that use it', async () => {
    const basic = (await admin.policies.list()).find((p) => p.settings.name === 'Basic');
    const groups = JSON.parse(
      await serviceText(`data-protect/protection-groups?policyIds=${basic?.id ?? ''}`),
    ) as { protectionGroups: { name: string }[] };
    const names = groups.protectionGroups.map((g) => g.name);
    expect(names.length).toBeGreaterThan(0);
    const refusal = admin.policies.remove(basic?.id ?? '');
    await expect(refusal).rejects.toMatchObject({ code: 'CONFLICT' });
    const message = await refusal.catch((e: Error) => e.message);
    for (const name of names) expect(message).toContain(name);
    expect((await admin.policies.get(basic?.id ?? '')).settings.name).toBe('Basic');
  });
});

describe('IBM sources, connections and connectors', () => {
  it('edits a registration with PUT and sends its int64 connection id back unchanged', async () => {
    const [first] = await admin.sources.list();
    if (!first) throw new Error('no registration');
    const before = await serviceText(`data-protect/sources/registrations/${first.id}`);
    const connectionId = int64Field(before, 'connectionId') ?? '';
    expect(BigInt(connectionId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(first.connectionId).toBe(connectionId);
    const updated = await admin.sources.update(first.id, {
      name: `${first.name}-edited`,
      endpoint: first.endpoint ?? '',
      hostType: first.hostType ?? 'kLinux',
      connectionId: first.connectionId ?? '',
    });
    expect(updated.name).toBe(`${first.name}-edited`);
    const after = await serviceText(`data-protect/sources/registrations/${first.id}`);
    expect(int64Field(after, 'connectionId')).toBe(connectionId);
    expect(int64Field(after, 'connectorGroupId')).toBe(int64Field(before, 'connectorGroupId'));
    expect((await admin.sources.patch(first.id)).environment).toBe(first.environment);
  });

  it('registers a physical host through a connection, refreshes it and unregisters it', async () => {
    const [connection] = await admin.connections.list();
    const created = await admin.sources.register({
      endpoint: '10.99.0.7',
      hostType: 'kWindows',
      connectionId: connection?.id ?? '',
    });
    expect(created).toMatchObject({ endpoint: '10.99.0.7', hostType: 'kWindows', status: 'Pending' });
    expect(created.connectionId).toBe(connection?.id);
    await admin.sources.refresh(created.id);
    const listed = (await admin.sources.list()).find((r) => r.id === created.id);
    expect(listed?.status).toMatch(/Pending|RefreshInProgress/);
    await admin.sources.unregister(created.id);
    expect((await admin.sources.list()).some((r) => r.id === created.id)).toBe(false);
  });

  it('creates, renames and deletes a connection; its token expires in about a day and is never listed', async () => {
    const created = await admin.connections.create('unit-connection');
    const renamed = await admin.connections.rename(created.id, 'unit-connection-2');
    expect(renamed.name).toBe('unit-connection-2');
    const { token, expiresAt } = await admin.connections.token(created.id);
    expect(token.split('.')).toHaveLength(3);
    const hours = (Date.parse(expiresAt ?? '') - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThan(25);
    expect(JSON.stringify(await admin.connections.list())).not.toContain(token);
    await admin.connections.remove(created.id);
    expect((await admin.connections.list()).some((c) => c.id === created.id)).toBe(false);
  });

  it('lists connectors with status and images, and renames one', async () => {
    const { connectors, images } = await admin.connectors.list();
    expect(connectors.length).toBeGreaterThan(0);
    expect(images.map((i) => i.imageType)).toEqual(['VSI', 'VMware']);
    const [first] = connectors;
    expect(typeof first?.connected).toBe('boolean');
    const renamed = await admin.connectors.rename(first?.id ?? '', 'renamed-by-unit');
    expect(renamed.name).toBe('renamed-by-unit');
    expect((await admin.connectors.list()).connectors.find((c) => c.id === first?.id)?.name).toBe(
      'renamed-by-unit',
    );
  });
});

describe('IBM agent upgrades', () => {
  it('lists the seeded tasks, then creates one for chosen agents and follows it to its end', async () => {
    const seeded = await admin.agents.upgradeTasks();
    expect(seeded.map((t) => t.status)).toEqual(expect.arrayContaining(['Succeeded', 'PartiallyFailed']));
    const agents = (await admin.sources.list()).slice(0, 2).map((r) => r.id);
    const created = await admin.agents.createUpgradeTask({ agentIds: agents, name: 'unit upgrade' });
    expect(created.agents.map((a) => a.id)).toEqual(agents);
    const ended = await until(async () => {
      const task = (await admin.agents.upgradeTasks()).find((t) => t.id === created.id);
      return task?.status === 'Succeeded' ? task : undefined;
    }, 20_000);
    expect(ended.finished).toBe(2);
  });

  it('schedules a task at a chosen time', async () => {
    const [agent] = await admin.sources.list();
    const at = new Date(Date.now() + 3_600_000);
    const created = await admin.agents.createUpgradeTask({ agentIds: [agent?.id ?? ''], scheduleAt: at });
    expect(created.status).toBe('Scheduled');
    expect(Date.parse(created.scheduledAt ?? '')).toBe(at.getTime());
  });
});
