import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { labClient, type LabClient } from '../../../lab/core/testing';
import { signIn } from '../../../lab/ibm-br/test-support';
import type { Connector } from '../types';
import { listAll, startLabConnections, type LabConnections } from '../test-lab';
import type { SearchObject } from './wire';
import { expectListingStopsWhenCancelled } from '../testing';

// The IBM inventory against the lab instance over HTTPS: 1200 registered hosts, so the search takes two pages.
// Real durations (time scale 1) keep the seeded runs where they are while the tests read them.
const HOSTS = 1200;
let env: LabConnections;
let raw: LabClient;
let headers: Record<string, string>;

beforeAll(async () => {
  env = await startLabConnections('ibm-br', { vms: HOSTS * 10, timeScale: 1 });
  raw = labClient(env.info);
  headers = await signIn(raw, env.info);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

/** The service's own answer (plain JSON.parse: only fields below 2^53 are read from it). */
async function service<T>(path: string): Promise<{ body: T; text: string }> {
  const answer = await raw.call('GET', `/v2/${path}`, { headers });
  expect(answer.status, answer.text).toBe(200);
  return { body: answer.json as T, text: answer.text };
}

interface RawRegistration {
  id: number;
  dataSourceConnectionId: string;
  physicalParams: { endpoint: string };
}
interface RawConnection {
  connectionId: string;
  connectionName: string;
}

const connect = async (tenantId = env.info.credentials.tenantId ?? ''): Promise<Connector> =>
  (
    await env.connect(
      {
        options: {
          vendor: 'ibm-br',
          region: 'us-east',
          instanceId: 'lab',
          tenantId,
          iamUrl: `${env.info.url}/identity/token`,
        },
      },
      env.info.credentials.apiKey ?? '',
    )
  ).connector;

const allObjects = async (): Promise<SearchObject[]> =>
  (await service<{ objects: SearchObject[] }>(`data-protect/search/objects?count=${HOSTS * 2}`)).body.objects;
const groupsOf = (o: SearchObject) => o.objectProtectionInfos?.[0]?.protectionGroups ?? [];
const lastRunOf = (o: SearchObject) => o.objectProtectionInfos?.[0]?.lastRunStatus;
const must = <T>(value: T | undefined, what: string): T => {
  expect(value, what).toBeDefined();
  return value as T;
};

describe('IBM Backup and Recovery inventory', () => {
  it('lists every registered object, one page at a time', async () => {
    const { machines, pages } = await listAll(await connect());
    const objects = await allObjects();
    expect(objects.length).toBe(HOSTS);
    expect(machines.map((m) => m.vendorId).sort()).toEqual(objects.map((o) => String(o.id)).sort());
    expect(pages.map((p) => p.length)).toEqual([1000, HOSTS - 1000]);
    const profileId = must(machines[0], 'a machine').profileId;
    for (const m of machines) expect(m.id).toBe(`${profileId}/${m.vendorId}`);
  });

  it('maps objects: protection as the state, source as the host, endpoint, OS, environment, policy, connection', async () => {
    const machines = new Map((await listAll(await connect())).machines.map((m) => [m.vendorId, m]));
    const objects = await allObjects();
    const registrations = new Map(
      (
        await service<{ registrations: RawRegistration[] }>('data-protect/sources/registrations')
      ).body.registrations.map((r) => [r.id, r]),
    );
    const connections = new Map(
      (await service<{ connections: RawConnection[] }>('data-source-connections')).body.connections.map(
        (c) => [c.connectionId, c.connectionName],
      ),
    );
    for (const o of objects) {
      const registration = must(registrations.get(Number(o.id)), 'its registration');
      const policy = groupsOf(o)[0]?.policyName;
      expect(machines.get(String(o.id))).toMatchObject({
        kind: 'protected-object',
        kindLabel: 'Physical host',
        name: o.name,
        power: 'unknown',
        host: o.sourceName,
        addresses: [registration.physicalParams.endpoint],
        os: o.osType === 'kWindows' ? 'Windows' : 'Linux',
        tags: [
          'env:Physical',
          ...(policy ? [`policy:${policy}`] : []),
          `connection:${connections.get(registration.dataSourceConnectionId) ?? '?'}`,
        ],
        scope: ['us-east', env.info.credentials.tenantId?.replace(/\/$/, '')],
      });
    }
    // Runs that are over do not change while the test reads them.
    const unprotected = must(
      objects.find((o) => groupsOf(o).length === 0),
      'an unprotected host',
    );
    expect(machines.get(String(unprotected.id))?.vendorState).toBe('Unprotected');
    for (const status of ['Failed', 'Succeeded']) {
      const o = must(
        objects.find((x) => lastRunOf(x) === status),
        status,
      );
      expect(machines.get(String(o.id))?.vendorState).toBe(
        `Protected by ${groupsOf(o)[0]?.name ?? '?'}; last run ${status}`,
      );
    }
  });

  it('keeps int64 ids beyond 2^53 exact, from the wire to the details', async () => {
    const connector = await connect();
    const machine = must((await listAll(connector)).machines[0], 'a machine');
    const details = (await connector.details(machine)) as {
      registration: { connectionId: unknown; connectorGroupId: unknown };
    };
    const { text } = await service(`data-protect/sources/registrations/${machine.vendorId}`);
    const digits = must(/"connectionId":(\d+)/.exec(text)?.[1], 'the connection id on the wire');
    const group = must(/"connectorGroupId":(\d+)/.exec(text)?.[1], 'the connector group id on the wire');
    expect(BigInt(digits)).toBeGreaterThan(2n ** 53n);
    expect(BigInt(group)).toBeGreaterThan(2n ** 53n);
    expect(details.registration.connectionId).toBe(digits);
    expect(details.registration.connectorGroupId).toBe(group);
    // The listing joined the registration to its data-source connection by that id: only an exact id matches.
    const { body } = await service<{ connections: RawConnection[] }>('data-source-connections');
    const connection = must(
      body.connections.find((c) => c.connectionId === digits),
      'the connection',
    );
    expect(machine.tags).toContain(`connection:${connection.connectionName}`);
  });

  it('gives the search result, protection, registration and newest snapshots of an object', async () => {
    const connector = await connect();
    const machines = (await listAll(connector)).machines;
    const objects = await allObjects();
    const protectedOne = must(
      objects.find((o) => lastRunOf(o) === 'Succeeded'),
      'a protected host',
    );
    const machine = must(
      machines.find((m) => m.vendorId === String(protectedOne.id)),
      'its machine',
    );
    const details = (await connector.details(machine)) as {
      object: SearchObject;
      protectedObject?: { latestSnapshotsInfo: unknown[] };
      registration: RawRegistration;
      snapshots: { snapshotTimestampUsecs: number; objectId: number }[];
      snapshotCount: number;
    };
    expect(details.object).toMatchObject({ id: protectedOne.id, name: protectedOne.name });
    expect(groupsOf(details.object).map((g) => g.id)).toEqual(groupsOf(protectedOne).map((g) => g.id));
    expect(details.protectedObject?.latestSnapshotsInfo.length).toBeGreaterThan(0);
    expect(details.registration.physicalParams.endpoint).toBe(machine.addresses[0]);
    const snapshots = (
      await service<{ snapshots: { snapshotTimestampUsecs: number }[] }>(
        `data-protect/objects/${String(protectedOne.id)}/snapshots`,
      )
    ).body.snapshots;
    expect(snapshots.length).toBeGreaterThan(10);
    expect(details.snapshotCount).toBe(snapshots.length);
    const newest = snapshots.map((s) => s.snapshotTimestampUsecs).sort((a, b) => b - a);
    expect(details.snapshots.map((s) => s.snapshotTimestampUsecs)).toEqual(newest.slice(0, 10));

    const unprotected = must(
      objects.find((o) => groupsOf(o).length === 0),
      'an unprotected host',
    );
    const bare = await connector.details(
      must(
        machines.find((m) => m.vendorId === String(unprotected.id)),
        'its machine',
      ),
    );
    expect(bare).not.toHaveProperty('protectedObject');
    expect(bare).toMatchObject({ snapshots: [], snapshotCount: 0 });
  });

  it('says when an object is gone', async () => {
    const connector = await connect();
    const machine = must((await listAll(connector)).machines[0], 'a machine');
    await expect(connector.details({ ...machine, vendorId: '987654' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no longer known') as unknown,
    });
  });

  it('offers no power actions and points to the protection and recovery views', async () => {
    const connector = await connect();
    const { machines } = await listAll(connector);
    for (const m of machines) expect(connector.actions(m)).toEqual([]);
    await expect(
      connector.perform(
        must(machines[0], 'a machine'),
        'start',
        {},
        () => undefined,
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/protection view.*recovery view/) as unknown,
    });
  });

  it('stops when the listing is cancelled', async () => {
    await expectListingStopsWhenCancelled(await connect());
  });

  it('gives the service’s reason when it refuses the listing', async () => {
    const connector = await connect('someoneelse/');
    await expect(connector.listMachines(() => undefined, new AbortController().signal)).rejects.toMatchObject(
      {
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining(
          'KAccessDenied: Access to tenant someoneelse/ is denied.',
        ) as unknown,
        details: { status: 403, body: { errorCode: 'KAccessDenied' } },
      },
    );
  });
});
