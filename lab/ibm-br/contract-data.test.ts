import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  body,
  fixture,
  mergeShapes,
  omittedKeys,
  openSession,
  shapeMismatches,
  type Session,
} from './test-support';

type Rec = Record<string, unknown>;

let s: Session;
let hostId: number;
let snapshotId: string;
let groupId: string;
beforeAll(async () => {
  s = await openSession({ vms: 300 });
  const search = body<{
    objects: {
      id: number;
      latestSnapshotsInfo: { protectionGroupId: string; localSnapshotInfo: { snapshotId: string } }[];
    }[];
  }>(await s.call('GET', '/data-protect/search/protected-objects'));
  const first = search.objects.find((o) => o.latestSnapshotsInfo.length > 0);
  hostId = first?.id ?? 0;
  snapshotId = first?.latestSnapshotsInfo[0]?.localSnapshotInfo.snapshotId ?? '';
  groupId = first?.latestSnapshotsInfo[0]?.protectionGroupId ?? '';
});
afterAll(() => s.close());

describe('recoveries', () => {
  it('lists seeded recoveries newest first with the SDK shape', async () => {
    const answer = await s.call('GET', '/data-protect/recoveries');
    const expected = fixture('GET_data-protect_recoveries.response.json') as { recoveries: unknown[] };
    expect(shapeMismatches(answer.json, expected)).toEqual([]);
    const list = body<{ recoveries: (Rec & { status: string; startTimeUsecs: number })[] }>(
      answer,
    ).recoveries;
    expect(new Set(list.map((r) => r.status))).toEqual(new Set(['Succeeded', 'Failed', 'Canceled']));
    expect(omittedKeys(list, expected.recoveries[0])).toEqual([
      'mssqlParams',
      'parentRecoveryId',
      'permissions',
      'retrieveArchiveTasks',
      'tearDownMessage',
      'tearDownStatus',
    ]);
    const filtered = body<{ recoveries: Rec[] }>(
      await s.call('GET', '/data-protect/recoveries?status=Failed,Canceled'),
    );
    expect(filtered.recoveries.map((r) => r.status).sort()).toEqual(['Canceled', 'Failed']);
    const read = await s.call('GET', `/data-protect/recoveries/${String(list[0]?.id)}`);
    expect(shapeMismatches(read.json, fixture('GET_data-protect_recoveries_id.response.json'))).toEqual([]);
    expect((await s.call('GET', '/data-protect/recoveries/9:9:9')).status).toBe(404);
  });

  it('creates a download-files-folders recovery (201, Accepted)', async () => {
    const answer = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: 'dl-contract',
      object: { snapshotId },
      filesAndFolders: [{ absolutePath: '/nowhere/file.txt', isDirectory: false }],
    });
    expect(answer.status).toBe(201);
    expect(
      shapeMismatches(
        answer.json,
        fixture('POST_data-protect_recoveries_download-files-folders.response.json'),
      ),
    ).toEqual([]);
    expect(body(answer)).toMatchObject({
      name: 'dl-contract',
      status: 'Accepted',
      recoveryAction: 'DownloadFilesAndFolders',
    });
    const id = body<{ id: string }>(answer).id;
    const read = await s.call('GET', `/data-protect/recoveries/${id}`);
    // The models require physicalParams.recoveryAction on every recovery, downloads too.
    expect(body(read)).toMatchObject({ physicalParams: { recoveryAction: 'DownloadFilesAndFolders' } });
    const dup = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: 'dl-contract',
      object: { snapshotId },
      filesAndFolders: [{ absolutePath: '/etc' }],
    });
    expect(dup.status).toBe(409);
    // The published docs example sends filesAndFolders as an object: the service refuses it.
    const docsShape = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: 'dl-docs',
      object: { snapshotId },
      filesAndFolders: { absolutePath: '/data/' },
    });
    expect(docsShape.status).toBe(400);
    const unknown = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: 'dl-x',
      object: { snapshotId: 'bm90LWEtc25hcHNob3Q=' },
      filesAndFolders: [{ absolutePath: '/etc' }],
    });
    expect(unknown.status).toBe(404);
  });

  it('creates a RecoverFiles recovery and validates its parameters', async () => {
    const request = {
      name: 'test-recovery-1',
      snapshotEnvironment: 'kPhysical',
      physicalParams: {
        recoveryAction: 'RecoverFiles',
        objects: [{ snapshotId }],
        recoverFileAndFolderParams: {
          targetEnvironment: 'kPhysical',
          filesAndFolders: [{ absolutePath: '/etc/hosts' }],
          physicalTargetParams: { recoverTarget: { id: hostId }, alternateRestoreDirectory: '/restore/' },
        },
      },
    };
    const answer = await s.call('POST', '/data-protect/recoveries', request);
    expect(answer.status).toBe(201);
    expect(shapeMismatches(answer.json, fixture('POST_data-protect_recoveries.response.json'))).toEqual([]);
    expect(body(answer)).toMatchObject({
      status: 'Accepted',
      recoveryAction: 'RecoverFiles',
      snapshotEnvironment: 'kPhysical',
    });
    const docs = await s.call(
      'POST',
      '/data-protect/recoveries',
      fixture('POST_data-protect_recoveries.request.docs.json'),
    );
    expect(docs.status).toBe(400);
    const action = await s.call('POST', '/data-protect/recoveries', {
      ...request,
      name: 'r2',
      physicalParams: { ...request.physicalParams, recoveryAction: 'RecoverVMs' },
    });
    expect(action.status).toBe(400);
    expect(body(action).message).toMatch(/recoveryAction/);
    const target = await s.call('POST', '/data-protect/recoveries', {
      ...request,
      name: 'r3',
      physicalParams: {
        ...request.physicalParams,
        recoverFileAndFolderParams: {
          ...request.physicalParams.recoverFileAndFolderParams,
          physicalTargetParams: { recoverTarget: { id: 42 } },
        },
      },
    });
    expect(target.status).toBe(404);
  });
});

describe('snapshots and restore points', () => {
  it("lists an object's snapshots with the SDK shape and filters", async () => {
    const answer = await s.call('GET', `/data-protect/objects/${hostId}/snapshots`);
    const expected = fixture('GET_data-protect_objects_id_snapshots.response.json');
    expect(shapeMismatches(answer.json, expected)).toEqual([]);
    const snaps = body<{ snapshots: { id: string; runStartTimeUsecs: number; protectionGroupId: string }[] }>(
      answer,
    ).snapshots;
    expect(snaps.length).toBeGreaterThan(5);
    expect(snaps.map((x) => x.id)).toContain(snapshotId);
    const pivot = snaps[3]?.runStartTimeUsecs ?? 0;
    const later = body<{ snapshots: unknown[] }>(
      await s.call('GET', `/data-protect/objects/${hostId}/snapshots?runStartFromTimeUsecs=${pivot}`),
    );
    expect(later.snapshots).toHaveLength(snaps.length - 3);
    expect((await s.call('GET', '/data-protect/objects/424242/snapshots')).status).toBe(404);
  });

  it('answers restore points with 201', async () => {
    const answer = await s.call('POST', '/data-protect/snapshots/restore-points', {
      startTimeUsecs: 0,
      endTimeUsecs: Date.now() * 1000,
      environment: 'kPhysical',
      protectionGroupIds: [groupId],
      sourceId: hostId,
    });
    expect(answer.status).toBe(201);
    expect(
      shapeMismatches(answer.json, fixture('POST_data-protect_snapshots_restore-points.response.json')),
    ).toEqual([]);
    const points = body<{ fullSnapshotInfo: { restoreInfo: { objectInfo: { id: number } } }[] }>(
      answer,
    ).fullSnapshotInfo;
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.restoreInfo.objectInfo.id === hostId)).toBe(true);
    const missing = await s.call('POST', '/data-protect/snapshots/restore-points', {
      environment: 'kPhysical',
    });
    expect(missing.status).toBe(400);
  });
});

describe('search', () => {
  it('finds indexed files with a prefix wildcard and pages with a cookie', async () => {
    const search = { objectType: 'Files', fileParams: { searchString: 'host*', objectIds: [hostId] } };
    const answer = await s.call('POST', '/data-protect/search/indexed-objects', search);
    expect(answer.status).toBe(200);
    expect(
      shapeMismatches(answer.json, fixture('POST_data-protect_search_indexed-objects.response.json')),
    ).toEqual([]);
    const found = body<{ files: { name: string; path: string; type: string }[]; count: number }>(answer);
    expect(found.files.length).toBeGreaterThan(0);
    expect(found.files.every((f) => f.name.startsWith('host'))).toBe(true);
    const all = body<{ count: number; paginationCookie: string; files: unknown[] }>(
      await s.call('POST', '/data-protect/search/indexed-objects', { objectType: 'Files', count: 5 }),
    );
    expect(all.files).toHaveLength(5);
    const next = body<{ files: unknown[] }>(
      await s.call('POST', '/data-protect/search/indexed-objects', {
        objectType: 'Files',
        count: 5,
        paginationCookie: all.paginationCookie,
      }),
    );
    expect(next.files).not.toEqual(all.files);
    expect(
      (await s.call('POST', '/data-protect/search/indexed-objects', { objectType: 'Things' })).status,
    ).toBe(400);
  });

  it('searches objects and protected objects with the SDK shapes', async () => {
    const objects = await s.call('GET', '/data-protect/search/objects?count=10');
    expect(shapeMismatches(objects.json, fixture('GET_data-protect_search_objects.response.json'))).toEqual(
      [],
    );
    const page = body<{ objects: unknown[]; count: number; paginationCookie: string }>(objects);
    expect(page.objects).toHaveLength(10);
    expect(page.count).toBe(30);
    expect(page.paginationCookie).toBeTypeOf('string');
    const unprotected = body<{ objects: { objectProtectionInfos: { protectionGroups: unknown[] }[] }[] }>(
      await s.call('GET', '/data-protect/search/objects?isProtected=false'),
    );
    for (const o of unprotected.objects) expect(o.objectProtectionInfos[0]?.protectionGroups).toEqual([]);
    const prot = await s.call('GET', `/data-protect/search/protected-objects?protectionGroupIds=${groupId}`);
    expect(
      shapeMismatches(prot.json, fixture('GET_data-protect_search_protected-objects.response.json')),
    ).toEqual([]);
    const result = body<{
      numResults: number;
      metadata: { uniqueProtectionGroupIdentifiers: { protectionGroupId: string }[] };
    }>(prot);
    expect(result.metadata.uniqueProtectionGroupIdentifiers.map((g) => g.protectionGroupId)).toEqual([
      groupId,
    ]);
  });
});

describe('source registrations', () => {
  const request = {
    environment: 'kPhysical',
    physicalParams: { endpoint: '172.26.1.18', hostType: 'kLinux', physicalType: 'kHost' },
  };

  it('lists and reads registrations with the SDK shape', async () => {
    const list = await s.call('GET', '/data-protect/sources/registrations');
    const expected = fixture('GET_data-protect_sources_registrations.response.json') as {
      registrations: unknown[];
    };
    expect(shapeMismatches(list.json, expected)).toEqual([]);
    const regs = body<{ registrations: Rec[] }>(list).registrations;
    expect(regs).toHaveLength(30);
    expect(omittedKeys(regs, expected.registrations[0])).toEqual(['advancedConfigs', 'externalMetadata']);
    const one = await s.call('GET', `/data-protect/sources/registrations/${hostId}`);
    expect(
      shapeMismatches(one.json, fixture('GET_data-protect_sources_registrations_id.response.json')),
    ).toEqual([]);
    expect((await s.call('GET', '/data-protect/sources/registrations/77')).status).toBe(404);
    expect((await s.call('GET', '/data-protect/sources/registrations/abc')).status).toBe(400);
  });

  it('registers (201 Pending), updates, patches, refreshes (204) and unregisters (204)', async () => {
    const made = await s.call('POST', '/data-protect/sources/registrations', request);
    expect(made.status).toBe(201);
    expect(
      shapeMismatches(made.json, fixture('POST_data-protect_sources_registrations.response.json')),
    ).toEqual([]);
    const reg = body<Rec & { id: number }>(made);
    expect(reg).toMatchObject({
      authenticationStatus: 'Pending',
      environment: 'kPhysical',
      name: '172.26.1.18',
    });
    const put = await s.call('PUT', `/data-protect/sources/registrations/${reg.id}`, {
      ...request,
      name: 'db-host',
      physicalParams: { ...request.physicalParams, applications: ['kSQL'] },
    });
    expect(put.status).toBe(200);
    expect(
      shapeMismatches(put.json, fixture('PUT_data-protect_sources_registrations_id.response.json')),
    ).toEqual([]);
    expect(body(put)).toMatchObject({ name: 'db-host', physicalParams: { applications: ['kSQL'] } });
    const patch = await s.call('PATCH', `/data-protect/sources/registrations/${reg.id}`, {
      environment: 'kPhysical',
    });
    expect(patch.status).toBe(200);
    expect(
      shapeMismatches(patch.json, fixture('PATCH_data-protect_sources_registrations_id.response.json')),
    ).toEqual([]);
    expect(
      (await s.call('PATCH', `/data-protect/sources/registrations/${reg.id}`, { environment: 'kSQL' }))
        .status,
    ).toBe(400);
    const refresh = await s.call('POST', `/data-protect/sources/${reg.id}/refresh`);
    expect(refresh.status).toBe(204);
    expect(refresh.text).toBe('');
    expect(
      body(await s.call('GET', `/data-protect/sources/registrations/${reg.id}`)).authenticationStatus,
    ).toBe('RefreshInProgress');
    expect((await s.call('DELETE', `/data-protect/sources/registrations/${reg.id}`)).status).toBe(204);
    expect((await s.call('GET', `/data-protect/sources/registrations/${reg.id}`)).status).toBe(404);
  });

  it('refuses duplicates, missing parameters and unregistering a protected source', async () => {
    const seeded = body<Rec & { physicalParams: { endpoint: string } }>(
      await s.call('GET', `/data-protect/sources/registrations/${hostId}`),
    );
    const dup = await s.call('POST', '/data-protect/sources/registrations', {
      ...request,
      physicalParams: { ...request.physicalParams, endpoint: seeded.physicalParams.endpoint },
    });
    expect(dup.status).toBe(409);
    const noParams = await s.call('POST', '/data-protect/sources/registrations', {
      environment: 'kPhysical',
    });
    expect(noParams.status).toBe(400);
    const protectedOne = await s.call('DELETE', `/data-protect/sources/registrations/${hostId}`);
    expect(protectedOne.status).toBe(400);
    expect(body(protectedOne).message).toMatch(/protected by protection group/);
  });
});

describe('data-source connections and connectors', () => {
  it('lists connections (SDK and docs shapes), creates, renames, issues tokens and deletes', async () => {
    const expected = mergeShapes(
      fixture('GET_data-source-connections.response.json'),
      fixture('GET_data-source-connections.response.docs-cli-sample-step7.json'),
    );
    const list = await s.call('GET', '/data-source-connections');
    expect(shapeMismatches(list.json, expected)).toEqual([]);
    const made = await s.call('POST', '/data-source-connections', { connectionName: 'test-conn-1' });
    expect(made.status).toBe(201);
    expect(shapeMismatches(made.json, fixture('POST_data-source-connections.response.json'))).toEqual([]);
    const conn = body<{ connectionId: string; tenantId: string }>(made);
    expect(conn.connectionId).toMatch(/^\d{19}$/);
    expect(conn.tenantId).toBe(s.headers['x-ibm-tenant-id']);
    expect((await s.call('POST', '/data-source-connections', { connectionName: 'test-conn-1' })).status).toBe(
      409,
    );
    const renamed = await s.call('PATCH', `/data-source-connections/${conn.connectionId}`, {
      connectionName: 'test-conn-2',
    });
    expect(renamed.status).toBe(200);
    expect(
      shapeMismatches(renamed.json, fixture('PATCH_data-source-connections_connectionId.response.json')),
    ).toEqual([]);
    const token = await s.call('POST', `/data-source-connections/${conn.connectionId}/registrationToken`);
    expect(token.status).toBe(200);
    expect(typeof token.json).toBe(
      typeof fixture('POST_data-source-connections_connectionId_registrationToken.response.json'),
    );
    expect(token.json).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await s.call('DELETE', `/data-source-connections/${conn.connectionId}`)).status).toBe(204);
    expect(
      (await s.call('PATCH', `/data-source-connections/${conn.connectionId}`, { connectionName: 'x' }))
        .status,
    ).toBe(404);
    const seeded = body<{ connections: { connectionId: string }[] }>(list).connections[0];
    expect((await s.call('DELETE', `/data-source-connections/${seeded?.connectionId}`)).status).toBe(400);
  });

  it('lists connectors and metadata, renames and deletes a connector', async () => {
    const list = await s.call('GET', '/data-source-connectors');
    expect(shapeMismatches(list.json, fixture('GET_data-source-connectors.response.json'))).toEqual([]);
    const connectors = body<{ connectors: { connectorId: string; connectionId: string }[] }>(list).connectors;
    expect(connectors.length).toBe(4);
    const byConnection = body<{ connectors: unknown[] }>(
      await s.call('GET', `/data-source-connectors?connectionId=${connectors[0]?.connectionId}`),
    );
    expect(byConnection.connectors).toHaveLength(2);
    const meta = await s.call('GET', '/data-source-connectors/metadata');
    expect(shapeMismatches(meta.json, fixture('GET_data-source-connectors_metadata.response.json'))).toEqual(
      [],
    );
    const id = connectors[3]?.connectorId ?? '';
    const renamed = await s.call('PATCH', `/data-source-connectors/${id}`, { connectorName: 'renamed' });
    expect(
      shapeMismatches(renamed.json, fixture('PATCH_data-source-connectors_connectorId.response.json')),
    ).toEqual([]);
    expect(body(renamed).connectorName).toBe('renamed');
    expect((await s.call('DELETE', `/data-source-connectors/${id}`)).status).toBe(204);
    expect((await s.call('DELETE', `/data-source-connectors/${id}`)).status).toBe(404);
  });
});

describe('agents', () => {
  it('lists and creates upgrade tasks', async () => {
    const list = await s.call('GET', '/data-protect/agents/upgrade-tasks');
    expect(
      shapeMismatches(list.json, fixture('GET_data-protect_agents_upgrade-tasks.response.json')),
    ).toEqual([]);
    const made = await s.call(
      'POST',
      '/data-protect/agents/upgrade-tasks',
      fixture('POST_data-protect_agents_upgrade-tasks.request.docs.json'),
    );
    expect(made.status).toBe(404);
    const task = await s.call('POST', '/data-protect/agents/upgrade-tasks', {
      name: 'Upgrade one',
      agentIDs: [hostId],
    });
    expect(task.status).toBe(201);
    expect(
      shapeMismatches(task.json, fixture('POST_data-protect_agents_upgrade-tasks.response.json')),
    ).toEqual([]);
    expect(body(task)).toMatchObject({ name: 'Upgrade one', agentIDs: [hostId], type: 'Manual' });
    const id = body<{ id: number }>(task).id;
    expect(
      body<{ tasks: unknown[] }>(await s.call('GET', `/data-protect/agents/upgrade-tasks?ids=${id}`)).tasks,
    ).toHaveLength(1);
    expect((await s.call('POST', '/data-protect/agents/upgrade-tasks', { name: 'none' })).status).toBe(400);
  });

  it('downloads an agent installer as bytes', async () => {
    const answer = await s.client.call('POST', '/v2/data-protect/agents/download', {
      headers: { ...s.headers, accept: 'application/octet-stream' },
      body: fixture('POST_data-protect_agents_download.request.docs.json'),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(1_000_000);
    const linux = await s.call('POST', '/data-protect/agents/download', { platform: 'kLinux' });
    expect(linux.status).toBe(400);
  });
});
