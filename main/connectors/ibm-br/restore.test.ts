import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { until } from '../../../lab/ibm-br/test-support';
import type { RestoreOperations, VendorRecovery } from '../restore';
import { connectIbm, startLabConnections, type LabConnections } from '../test-lab';

// File restore against the lab over HTTPS; 1/20 of real durations, so a new recovery ends within seconds.
let env: LabConnections;
let restore: RestoreOperations;

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: 600, timeScale: 0.05 });
  const { connector } = await connectIbm(env);
  if (!connector.restore) throw new Error('the IBM connector has no restore capability');
  restore = connector.restore;
});
afterAll(async () => env.close());

const settled = (id: string): Promise<VendorRecovery> =>
  until(
    async () => {
      const r = await restore.getRecovery(id);
      return r && ['Succeeded', 'SucceededWithWarning', 'Failed', 'Canceled'].includes(r.status)
        ? r
        : undefined;
    },
    20_000,
    200,
  );

describe('IBM file restore', () => {
  it('lists the seeded recoveries, filtered by status, action and start time', async () => {
    const all = await restore.listRecoveries({});
    expect(all.length).toBeGreaterThanOrEqual(8);
    const failed = await restore.listRecoveries({ statuses: ['Failed'] });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(all.length);
    for (const r of failed) expect(r.status).toBe('Failed');
    const downloads = await restore.listRecoveries({ actions: ['DownloadFilesAndFolders'] });
    expect(downloads.every((r) => r.action === 'DownloadFilesAndFolders' && r.download)).toBe(true);
    const lastTwoDays = await restore.listRecoveries({ from: Date.now() - 2 * 86_400_000 });
    expect(lastTwoDays.every((r) => Date.parse(r.startedAt ?? '') >= Date.now() - 2 * 86_400_000)).toBe(true);
    expect(lastTwoDays.length).toBeLessThan(all.length);
  });

  it('tells the expired download link from the live ones', async () => {
    const downloads = await restore.listRecoveries({ actions: ['DownloadFilesAndFolders'] });
    const expired = downloads.filter((r) => r.download?.expired);
    expect(expired).toHaveLength(1);
    expect(Date.parse(expired[0]?.download?.expiresAt ?? '')).toBeLessThan(Date.now());
    expect(downloads.filter((r) => r.download && !r.download.expired).length).toBeGreaterThan(0);
  });

  it('finds indexed files by wildcard, with their host, and that host’s snapshots and restore points', async () => {
    const { hits, total } = await restore.searchFiles('notes*', 50);
    expect(hits.length).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(hits.length);
    for (const hit of hits) {
      expect(hit.name.toLowerCase().startsWith('notes')).toBe(true);
      expect(hit.path.endsWith(`/${hit.name}`)).toBe(true);
    }
    const hit = hits[0];
    if (!hit?.protectionGroupId) throw new Error('a hit without its group');
    const snapshots = await restore.snapshots(hit.objectId);
    expect(snapshots.length).toBeGreaterThan(1);
    const times = snapshots.map((s) => Date.parse(s.takenAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // A time range narrows them.
    const newest = snapshots[0];
    const inRange = await restore.snapshots(hit.objectId, times[0], times[0]);
    expect(inRange.map((s) => s.id)).toEqual([newest?.id]);
    const points = await restore.restorePoints({
      protectionGroupIds: [hit.protectionGroupId],
      objectId: hit.objectId,
      from: Date.now() - 30 * 86_400_000,
      to: Date.now(),
    });
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.objectId === hit.objectId)).toBe(true);
    expect(points.map((p) => p.runStartedAt)).toContain(newest?.runStartedAt);
  });

  it('creates a download recovery that ends Succeeded with every file finished, and cancels another', async () => {
    const [hit] = (await restore.searchFiles('notes*', 5)).hits;
    if (!hit) throw new Error('no hit');
    const [snapshot] = await restore.snapshots(hit.objectId);
    if (!snapshot) throw new Error('no snapshot');
    const created = await restore.createDownload({
      name: `unit-download-${Date.now()}`,
      snapshotId: snapshot.id,
      items: [{ path: hit.path, isDirectory: false }],
    });
    expect(created.status).toMatch(/Accepted|Running/);
    const ended = await settled(created.id);
    expect(ended.status).toBe('Succeeded');
    expect(ended.files).toEqual([{ path: hit.path, isDirectory: false, status: 'Finished', messages: [] }]);
    expect(ended.objectId).toBe(hit.objectId);
    expect(ended.download?.expired).toBe(false);

    const other = await restore.createDownload({
      name: `unit-cancel-${Date.now()}`,
      snapshotId: snapshot.id,
      items: [{ path: hit.path, isDirectory: false }],
    });
    await restore.cancelRecovery(other.id);
    expect((await settled(other.id)).status).toBe('Canceled');
    // A finished one cannot be canceled: the service's words come through.
    await expect(restore.cancelRecovery(other.id)).rejects.toThrow(/cannot be canceled/);
  });

  it('searches objects, protected ones through their latest snapshots', async () => {
    const all = await restore.searchObjects('', false);
    const protectedOnes = await restore.searchObjects('', true);
    expect(protectedOnes.length).toBeGreaterThan(0);
    expect(protectedOnes.length).toBeLessThan(all.length);
    expect(protectedOnes.every((o) => o.protectionGroups.length > 0)).toBe(true);
    const name = all[0]?.name ?? '';
    expect((await restore.searchObjects(name, false)).map((o) => o.name)).toContain(name);
  });

  it('answers undefined for a recovery the service does not know', async () => {
    expect(await restore.getRecovery('1:1:999999')).toBeUndefined();
  });
});
