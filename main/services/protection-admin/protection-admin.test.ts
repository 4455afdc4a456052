import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../../common/contract';
import { connectIbm, startLabConnections, type LabConnections } from '../../connectors/test-lab';
import { createEventBus } from '../../ipc/events';
import { createAuditLog } from '../audit';
import { editablePart } from '../profile-transfer';
import type { Inventory } from '../inventory';
import { createTasks } from '../tasks';
import { createProtectionAdmin, type ProtectionAdmin } from './index';

// The service in front of the lab: mutations become tasks with audit entries; the registration token stays out of them.
let env: LabConnections;
let dir: string;
let admin: ProtectionAdmin;
let tasks: ReturnType<typeof createTasks>;
const published: unknown[] = [];
let writable = '';
let readOnly = '';

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 100, timeScale: 0.02 });
  dir = await mkdtemp(join(tmpdir(), 'vantage-protection-admin-'));
  const bus = createEventBus<VantageContract>();
  bus.subscribe((_name, payload) => published.push(payload));
  tasks = createTasks({
    connections: env.connections,
    inventory: {} as Inventory,
    audit: createAuditLog(dir),
    bus,
  });
  admin = createProtectionAdmin({ connections: env.connections, tasks });
  writable = (await connectIbm(env)).profile.id;
  const second = (await connectIbm(env)).profile;
  readOnly = (await env.connections.update(second.id, { ...editablePart(second), readOnly: true }, {})).id;
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

/** Everything main wrote to disk in its data folder, as text. */
async function everythingOnDisk(): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8').catch(() => '')));
  return texts.join('\n');
}

describe('protection administration service', () => {
  it('hands the registration token to the caller only: no task, event or audit entry holds it', async () => {
    const [connection] = await admin.listConnections(writable);
    const { token, expiresAt } = await admin.registrationToken(writable, connection?.id ?? '');
    expect(token.length).toBeGreaterThan(40);
    expect(expiresAt).toBeDefined();
    const task = tasks.list().find((t) => t.actionId === 'protection.connection.token');
    expect(task).toMatchObject({ state: 'succeeded', message: 'Token generated.' });
    expect(JSON.stringify(tasks.list())).not.toContain(token);
    expect(JSON.stringify(published)).not.toContain(token);
    const disk = await everythingOnDisk();
    expect(disk).toContain('protection.connection.token');
    expect(disk).not.toContain(token);
  });

  it('records a mutation as a task with an audit entry', async () => {
    const [connector] = (await admin.listConnectors(writable)).connectors;
    const renamed = await admin.renameConnector(writable, connector?.id ?? '', 'audited-name');
    expect(renamed.name).toBe('audited-name');
    const disk = await everythingOnDisk();
    expect(disk).toContain('protection.connector.rename');
    expect(disk).toContain('audited-name');
  });

  it('refuses every mutation through a read-only profile, in main, and records the refusal', async () => {
    const policies = await admin.listPolicies(readOnly);
    const unused = policies.find((p) => p.protectionGroups === 0);
    await expect(admin.deletePolicy(readOnly, unused?.id ?? '')).rejects.toMatchObject({ code: 'READ_ONLY' });
    const [connection] = await admin.listConnections(readOnly);
    await expect(admin.registrationToken(readOnly, connection?.id ?? '')).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    expect((await admin.getPolicy(writable, unused?.id ?? '')).id).toBe(unused?.id);
    expect(await everythingOnDisk()).toContain('refused');
  });

  it('says a policy is in use, naming its groups, through the task', async () => {
    const basic = (await admin.listPolicies(writable)).find((p) => p.settings.name === 'Basic');
    await expect(admin.deletePolicy(writable, basic?.id ?? '')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/is used by \d+ protection groups?: /) as unknown,
    });
  });
});
