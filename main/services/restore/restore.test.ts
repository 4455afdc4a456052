import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../../common/contract';
import type { ProfileView } from '../../../common/profiles';
import { connectIbm, startLabConnections, type LabConnections } from '../../connectors/test-lab';
import { createEventBus } from '../../ipc/events';
import { createAuditLog, type AuditLog } from '../audit';
import type { Inventory } from '../inventory';
import { editablePart } from '../profile-transfer';
import { createTasks, type Tasks } from '../tasks';
import { createRestore, type Restore } from '.';

// The restore service against the lab (1/20 of real durations), through real tasks and the audit log.
let env: LabConnections;
let dir: string;
let tasks: Tasks;
let audit: AuditLog;
let restore: Restore;
let writer: ProfileView;
let reader: ProfileView;
const changes: string[] = [];

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 600, timeScale: 0.05 });
  writer = (await connectIbm(env)).profile;
  const second = (await connectIbm(env)).profile;
  reader = await env.connections.update(second.id, { ...editablePart(second), readOnly: true }, {});
  dir = await mkdtemp(join(tmpdir(), 'vantage-restore-'));
  const bus = createEventBus<VantageContract>();
  bus.subscribe((name, payload) => {
    if (name === 'restore.changed') changes.push((payload as { recoveryId: string }).recoveryId);
  });
  audit = createAuditLog(dir);
  tasks = createTasks({ connections: env.connections, inventory: {} as Inventory, audit, bus });
  restore = createRestore({ connections: env.connections, tasks, bus, pollMs: 50 });
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

const auditLines = () => audit.list({});

describe('restore service', () => {
  it('lists the recoveries of every IBM profile with their profile', async () => {
    const { recoveries, failures } = await restore.recoveries({});
    expect(failures).toEqual([]);
    expect(new Set(recoveries.map((r) => r.profileId))).toEqual(new Set([writer.id, reader.id]));
    const mine = await restore.recoveries({ profileIds: [writer.id], statuses: ['Canceled'] });
    expect(mine.recoveries.length).toBeGreaterThan(0);
    expect(mine.recoveries.every((r) => r.profileId === writer.id && r.status === 'Canceled')).toBe(true);
  });

  it('creates a download recovery as a task followed to Succeeded, audited, with progress events', async () => {
    const { hits } = await restore.searchFiles('notes*', [writer.id]);
    const hit = hits[0];
    if (!hit) throw new Error('no hit');
    const [snapshot] = await restore.snapshots(writer.id, hit.objectId);
    if (!snapshot) throw new Error('no snapshot');
    const started = await restore.createDownload({
      profileId: writer.id,
      snapshotId: snapshot.id,
      objectName: hit.objectName,
      items: [{ path: hit.path, isDirectory: false }],
    });
    expect(started.recovery.name).toMatch(new RegExp(`^Download_${hit.objectName}_\\d+`));
    const ended = await tasks.settled(started.task.id);
    expect(ended.state).toBe('succeeded');
    expect(ended.message).toMatch(/succeeded/);
    expect((await restore.recovery(writer.id, started.recovery.id)).status).toBe('Succeeded');
    expect(changes).toContain(started.recovery.id);
    expect(await auditLines()).toContainEqual(
      expect.objectContaining({
        action: 'restore.createDownload',
        outcome: 'succeeded',
        profileId: writer.id,
      }),
    );
  });

  it('recreates an expired download from the same object and selections', async () => {
    const { recoveries } = await restore.recoveries({ profileIds: [writer.id] });
    const expired = recoveries.find((r) => r.download?.expired);
    if (!expired) throw new Error('the lab seeds an expired download');
    const again = await restore.recreate(writer.id, expired.id);
    expect(again.recovery.objectId).toBe(expired.objectId);
    expect(again.recovery.files.map((f) => f.path)).toEqual(expired.files.map((f) => f.path));
    expect((await tasks.settled(again.task.id)).state).toBe('succeeded');
    expect((await restore.recovery(writer.id, again.recovery.id)).download?.expired).toBe(false);
  });

  it('cancels a running recovery as a task that ends when the service says Canceled', async () => {
    const { hits } = await restore.searchFiles('notes*', [writer.id]);
    const hit = hits[0];
    if (!hit) throw new Error('no hit');
    const [snapshot] = await restore.snapshots(writer.id, hit.objectId);
    const started = await restore.createDownload({
      profileId: writer.id,
      snapshotId: snapshot?.id ?? '',
      items: [{ path: hit.path, isDirectory: false }],
    });
    const cancel = await restore.cancel(writer.id, started.recovery.id);
    expect((await tasks.settled(cancel.id)).state).toBe('succeeded');
    expect((await tasks.settled(started.task.id)).state).toBe('cancelled');
    expect((await restore.recovery(writer.id, started.recovery.id)).status).toBe('Canceled');
  });

  it('refuses every change through a read-only profile, in main, with an audit entry', async () => {
    const { recoveries } = await restore.recoveries({ profileIds: [reader.id] });
    const expired = recoveries.find((r) => r.download?.expired);
    await expect(restore.recreate(reader.id, expired?.id ?? '')).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(
      restore.createDownload({
        profileId: reader.id,
        snapshotId: 'x',
        items: [{ path: '/a', isDirectory: false }],
      }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(restore.cancel(reader.id, recoveries[0]?.id ?? '')).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    const refused = (await auditLines()).filter((e) => e.profileId === reader.id && e.outcome === 'refused');
    expect(refused.map((e) => e.action).sort()).toEqual([
      'restore.cancel',
      'restore.createDownload',
      'restore.createDownload',
    ]);
  });
});
