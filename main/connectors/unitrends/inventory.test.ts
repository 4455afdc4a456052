import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import { labClient, type LabClient } from '../../../lab/core/testing';
import type { Connector } from '../types';
import { listAll, startLabConnections, type LabConnections } from '../test-lab';
import { IR_TYPES, itemsOf, type IrItem, type SystemRow, type WirItem } from './wire';
import { expectListingStopsWhenCancelled } from '../testing';

// The Unitrends inventory against the lab appliance over HTTPS. Real durations (time scale 1): every change the
// tests start (20-40 s) is still under way when they read it back.
let env: LabConnections;
let raw: LabClient;
let token: string;

beforeAll(async () => {
  env = await startLabConnections('unitrends', { vms: 4000, timeScale: 1 });
  raw = labClient(env.info);
  const login = await raw.call('POST', '/api/login', {
    body: { username: env.info.credentials.username, password: env.info.credentials.password },
  });
  token = (login.json as { auth_token: string }).auth_token;
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

/** The appliance's own answer, read beside the connector. */
async function appliance<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await raw.call(method, path, { headers: { authtoken: token }, body });
  expect(answer.status, answer.text).toBeLessThan(300);
  return answer.json as T;
}
const rows = async (sid?: number): Promise<SystemRow[]> =>
  (await appliance<{ data: SystemRow[] }>('GET', `/api/virtual_clients${sid ? `?sid=${sid}` : ''}`)).data;
const wirOf = (row: SystemRow | undefined): WirItem[] => itemsOf(row?.wir);
const sessionsOf = (row: SystemRow | undefined): IrItem[] => IR_TYPES.flatMap((t) => itemsOf(row?.[t]));

const connect = async (sid?: number): Promise<Connector> =>
  (
    await env.connect(
      {
        username: env.info.credentials.username,
        options: sid === undefined ? { vendor: 'unitrends' } : { vendor: 'unitrends', sid },
      },
      env.info.credentials.password ?? '',
    )
  ).connector;

const byVendorId = (machines: Machine[]): Map<string, Machine> =>
  new Map(machines.map((m) => [m.vendorId, m]));
const must = <T>(value: T | undefined, what: string): T => {
  expect(value, what).toBeDefined();
  return value as T;
};

describe('Unitrends inventory', () => {
  it('lists every virtual client and session of its system, sessions first', async () => {
    const connector = await connect(1);
    const { machines, pages } = await listAll(connector);
    const [row] = await rows(1);
    const expected = [...wirOf(row), ...sessionsOf(row)].map((i) => i.virtual_id);
    expect(expected.length).toBeGreaterThan(10);
    expect(machines.map((m) => m.vendorId).sort()).toEqual(expected.sort());
    expect(pages.length).toBe(2);
    expect(pages[0]?.every((m) => m.kind === 'ir-session')).toBe(true);
    expect(pages[1]?.every((m) => m.kind === 'virtual-client')).toBe(true);
    const profileId = must(machines[0], 'a machine').profileId;
    for (const m of machines) expect(m.id).toBe(`${profileId}/${m.vendorId}`);
  });

  it('lists every system when the profile names none, ids qualified by their system', async () => {
    const { machines } = await listAll(await connect());
    const all = await rows();
    expect(all.length).toBe(2);
    const expected = all.flatMap((row) =>
      [...wirOf(row), ...sessionsOf(row)].map((i) => `${i.virtual_id}@${row.system_id}`),
    );
    expect(machines.map((m) => m.vendorId).sort()).toEqual(expected.sort());
    // A replicated ("grand") client is hosted by the replication target, whatever system it was backed up on.
    const grand = must(
      wirOf(all[1]).find((c) => c.grandclient),
      'a grandclient',
    );
    expect(byVendorId(machines).get(`${grand.virtual_id}@2`)?.tags).toContain('system:ueb-dr');
    // Narrowed by the appliance and the system, the vendor's own grouping.
    expect(byVendorId(machines).get(`${grand.virtual_id}@2`)?.scope).toEqual(['127.0.0.1', 'ueb-dr']);
    const halted = must(
      wirOf(all[1]).find((c) => c.mode === 'halted'),
      'a halted client',
    );
    expect(byVendorId(machines).get(`${halted.virtual_id}@2`)).toMatchObject({
      power: 'error',
      vendorState: 'halted',
    });
  });

  it('maps virtual failover clients: power from the mode, host, address, sizing from the details', async () => {
    const machines = byVendorId((await listAll(await connect(1))).machines);
    const clients = wirOf((await rows(1))[0]);
    for (const item of clients) {
      const id = must(item.id, 'an id');
      const details = await appliance<{ virtual_client: { processors: number; memory: number } }>(
        'GET',
        `/api/virtual_clients/${id}/details?type=wir`,
      );
      expect(machines.get(item.virtual_id ?? '')).toMatchObject({
        kind: 'virtual-client',
        kindLabel: 'Virtual failover client (wir)',
        name: item.vm_name,
        vendorState: item.mode,
        host: item.server_name,
        addresses: item.ip_address ? [item.ip_address] : [],
        cpu: details.virtual_client.processors,
        memoryMiB: details.virtual_client.memory,
        os: 'Windows',
      });
    }
    const inMode = (mode: string) =>
      must(
        machines.get(must(clients.find((c) => c.mode === mode && !c.pending_state)?.virtual_id, mode)),
        mode,
      );
    expect(inMode('audit')).toMatchObject({ power: 'running', tags: ['mode:audit', 'system:ueb01'] });
    expect(inMode('live')).toMatchObject({ power: 'running', tags: ['mode:live', 'system:ueb01'] });
    expect(inMode('idle')).toMatchObject({ power: 'stopped', tags: ['system:ueb01'] });
    // A first or catch-up restore into a powered-off VM is not a power change.
    const restoring = must(
      clients.find((c) => c.mode === 'restore' && c.pending_state === 'idle'),
      'a restoring client',
    );
    expect(machines.get(restoring.virtual_id ?? '')?.power).toBe('stopped');
  });

  it('maps instant-recovery sessions: power from the status, mode and system as tags', async () => {
    const machines = byVendorId((await listAll(await connect(1))).machines);
    const sessions = sessionsOf((await rows(1))[0]);
    for (const item of sessions)
      expect(machines.get(item.virtual_id ?? '')).toMatchObject({
        kind: 'ir-session',
        kindLabel: `Instant recovery (${item.type})`,
        name: item.vm_name,
        vendorState: item.status,
        host: item.server_name,
        addresses: [],
        tags: [item.mode === 'Audit' ? 'mode:audit' : 'mode:live', 'system:ueb01'],
      });
    const withStatus = (status: string, mode?: string) =>
      must(
        machines.get(
          must(sessions.find((s) => s.status === status && (!mode || s.mode === mode))?.virtual_id, status),
        ),
        status,
      );
    expect(withStatus('available', 'Audit').power).toBe('running');
    expect(withStatus('available', 'Instant Recovery').tags).toContain('mode:live');
    expect(withStatus('error').power).toBe('error');
    expect(withStatus('migrating').power).toBe('running');
  });

  it('shows changes under way: creating, going into audit, migrating, tearing down', async () => {
    const [row] = await rows(1);
    const idle = must(
      wirOf(row).find((c) => c.mode === 'idle' && !c.pending_state),
      'an idle client',
    );
    const available = sessionsOf(row).filter((s) => s.status === 'available');
    const audit = must(
      available.find((s) => s.mode === 'Audit'),
      'an audit session',
    );
    const doomed = must(
      available.find((s) => s !== audit),
      'another session',
    );
    const candidates = await appliance<{ data: { candidates: { backup_id: number }[] }[] }>(
      'GET',
      '/api/virtual_clients/candidates?sid=1',
    );
    const backup = must(candidates.data[0]?.candidates[0]?.backup_id, 'a backup');
    const created = await appliance<{ result: { virtual_id: string }[] }>(
      'POST',
      '/api/restore/instant?sid=1',
      {
        backup_id: backup,
        audit: true,
        poweron: true,
        target: { host: 'esx01.lab.local', name: 'vantage-ir-test', datastore: 'datastore1' },
      },
    );
    await appliance('PUT', `/api/virtual_clients/audit/start/${idle.id}?sid=1`, { powerOn: true });
    await appliance('PUT', `/api/virtual_clients/live/start/${audit.id}?sid=1`);
    await appliance('DELETE', `/api/virtual_clients/${doomed.id}?sid=1`, { type: doomed.type });

    const machines = byVendorId((await listAll(await connect(1))).machines);
    expect(machines.get(must(created.result[0]?.virtual_id, 'a new session'))).toMatchObject({
      name: 'vantage-ir-test',
      power: 'transitioning',
      vendorState: 'creating',
      host: 'esx01.lab.local',
      tags: ['mode:audit', 'system:ueb01'],
    });
    expect(machines.get(idle.virtual_id ?? '')).toMatchObject({
      power: 'transitioning',
      vendorState: 'idle',
    });
    expect(machines.get(audit.virtual_id ?? '')).toMatchObject({
      power: 'running',
      vendorState: 'migrating',
    });
    expect(machines.get(doomed.virtual_id ?? '')).toMatchObject({
      power: 'transitioning',
      vendorState: 'tearing down',
    });
  });

  it('gives the details and state of a client, the record of a session', async () => {
    const connector = await connect(1);
    const { machines } = await listAll(connector);
    const [row] = await rows(1);
    const client = must(
      wirOf(row).find((c) => c.mode === 'live' && !c.pending_state),
      'a live client',
    );
    const machine = must(
      machines.find((m) => m.vendorId === client.virtual_id),
      'its machine',
    );
    expect(await connector.details(machine)).toEqual({
      details: await appliance('GET', `/api/virtual_clients/${client.id}/details?type=wir`),
      state: await appliance('GET', `/api/virtual_clients/${client.id}/state`),
    });
    const session = must(
      sessionsOf(row).find((s) => s.type === 'hv_ir'),
      'a Hyper-V session',
    );
    const details = await connector.details(
      must(
        machines.find((m) => m.vendorId === session.virtual_id),
        'its machine',
      ),
    );
    expect(Object.keys(details)).toEqual(['details']);
    expect(details.details).toMatchObject({
      virtual_id: session.virtual_id,
      vm_name: session.vm_name,
      GUID: (session as { GUID?: string }).GUID,
    });
  });

  it('says when a machine is gone, and refuses an id that is not Unitrends', async () => {
    const connector = await connect(1);
    const gone = { ...must((await listAll(connector)).machines[0], 'a machine'), vendorId: '9999.vm_ir' };
    await expect(connector.details(gone)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no longer on .*deleted or torn down/) as unknown,
      details: { body: [] },
    });
    await expect(connector.details({ ...gone, vendorId: 'vm-12' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('offers no power actions and points to the Sessions view', async () => {
    const connector = await connect(1);
    const { machines } = await listAll(connector);
    for (const m of machines) expect(connector.actions(m)).toEqual([]);
    const first = must(machines[0], 'a machine');
    await expect(
      connector.perform(first, 'start', {}, () => undefined, new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('Sessions view') as unknown,
    });
  });

  it('stops when the listing is cancelled', async () => {
    // The sessions arrive first; the clients, which need their details read, never do.
    await expectListingStopsWhenCancelled(await connect(1));
  });

  it('gives the appliance’s reason when it refuses the listing', async () => {
    const connector = await connect(99);
    await expect(connector.listMachines(() => undefined, new AbortController().signal)).rejects.toMatchObject(
      {
        code: 'UPSTREAM',
        message: expect.stringContaining('Invalid system ID: 99.') as unknown,
        details: { status: 500, body: { result: [{ code: 500, message: 'Invalid system ID: 99.' }] } },
      },
    );
  });
});
