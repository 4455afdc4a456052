import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { shapeDiff, startWithConsoles, stubConsoles, type StubbedVendor } from '../comodit/test-support';
import { labClient, type LabAnswer, type LabClient } from '../core/testing';
import { createUnitrendsSimulator } from './index';
import { listed, signIn, waitForItem, waitForWirState, type Appliance, type Item } from './test-client';

interface WikiRow {
  system_id: number;
  system_name: string;
  hv_ir: unknown[];
  vm_ir: Record<string, unknown>[];
  wir: Record<string, unknown>[];
}

const wiki = JSON.parse(
  readFileSync(new URL('./fixtures/get_virtual_clients.wiki.json', import.meta.url), 'utf8'),
) as { data: WikiRow[]; timestamp: number };
const wikiRow = wiki.data[1] as WikiRow;
/** The wiki's WIR item, with the PHP source's `ip_address` for the wiki's `ip_addr` (fixtures/README.md). */
const { ip_addr: ipAddress, ...wikiWir } = wikiRow.wir[0] ?? {};
const WIR_ITEM = { ...wikiWir, ip_address: ipAddress };
const VM_IR_ITEM: Record<string, unknown> = { ...wikiRow.vm_ir[0], comment: '' };
const { moref: _moref, ...irWithoutMoref } = VM_IR_ITEM;
const HV_IR_ITEM = { ...irWithoutMoref, GUID: 'guid' };
const APPLIANCE_IR_ITEM = { ...HV_IR_ITEM, port: 5901 };
/** The row of GET /api/virtual_clients/ per system, with the appliance_ir key the PHP source adds. */
const ROW = {
  ...wikiRow,
  hv_ir: [HV_IR_ITEM],
  vm_ir: [VM_IR_ITEM],
  wir: [WIR_ITEM],
  appliance_ir: [APPLIANCE_IR_ITEM],
};
const WIR_OPTIONAL = ['ip_address', 'vm_guid', 'pending_state', 'live_time', 'system_id', 'system_name'];

/** `Authenticate::buildOutput` (four-vendors.md §3.2). */
const LOGIN = {
  id: 1,
  superuser: true,
  administrator: true,
  manager: true,
  monitor: false,
  ad_user: false,
  target: false,
  timeout: 60,
  auth_token: 'token',
  vault_user: false,
  source_id: 1,
};

let lab: StubbedVendor;
let client: LabClient;
let ueb: Appliance;

beforeAll(async () => {
  lab = await startWithConsoles('unitrends', createUnitrendsSimulator, stubConsoles(), {
    vms: 200,
    timeScale: 0.01,
  });
  client = labClient(lab.info);
  ueb = await signIn(client);
});

afterAll(async () => {
  await client.close();
  await lab.stop();
});

/** Every refusal is `{"result": [{"code", "message"}]}` with the status as code. */
function expectError(answer: LabAnswer, status: number, pattern?: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.json).toEqual({ result: [{ code: status, message: expect.any(String) as string }] });
  if (pattern) expect((answer.json as { result: { message: string }[] }).result[0]?.message).toMatch(pattern);
}

interface Candidate {
  client_id: number;
  client_name: string;
  client_os: string;
  backup_id: number;
  virtual_id?: number;
  grandclient?: boolean;
}

async function candidates(sid: number): Promise<Candidate[]> {
  const answer = await ueb.get(`/api/virtual_clients/candidates/?sid=${sid}`);
  return (answer.json as { data: { candidates: Candidate[] }[] }).data[0]?.candidates ?? [];
}

const isWindows = (c: Candidate): boolean => c.client_os.startsWith('Windows');

let started = 0;
/** Starts an instant recovery of a local backup (another each time: one session per backup); `target` decides its type. */
async function startIr(target: Record<string, string>, audit = true): Promise<number> {
  const candidate = (await candidates(1))[started++];
  const answer = await ueb.post('/api/restore/instant/?sid=1', {
    backup_id: candidate?.backup_id,
    audit,
    target,
  });
  expect(answer.status).toBe(201);
  return (answer.json as { result: { id: number }[] }).result[0]?.id ?? 0;
}

/** A new WIR virtual failover client of a Windows candidate without one, idle once its first restore is done. */
async function createVfc(hypervisorInfo?: Record<string, string>): Promise<number> {
  const candidate = (await candidates(1)).find((c) => isWindows(c) && c.virtual_id === undefined);
  const answer = await ueb.post('/api/virtual_clients/?sid=1', {
    client: {
      client_id: candidate?.client_id,
      processors: 2,
      memory: 4096,
      efi: 0,
      disks: '1',
      boot: 1,
      include: 'C:',
      ...(hypervisorInfo ? { hypervisor_info: hypervisorInfo } : {}),
    },
  });
  expect(answer.status).toBe(201);
  return (answer.json as { result: { id: number }[] }).result[0]?.id ?? 0;
}

describe('Unitrends login and sessions', () => {
  it('POST /api/login answers the Authenticate output with an auth_token', async () => {
    const answer = await client.call('POST', '/api/login/', {
      body: { username: 'root', password: 'unitrends1' },
    });
    expect(answer.status).toBe(201);
    expect(shapeDiff(answer.json, LOGIN)).toEqual([]);
  });

  it('accepts the JSON body PowerShell sends as a form (pstoolkit Connect-UebServer)', async () => {
    const answer = await client.call('POST', '/api/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: JSON.stringify({ username: 'root', password: 'unitrends1' }),
    });
    expect(answer.status).toBe(201);
  });

  it('401 for a bad login, a missing, unknown or revoked AuthToken', async () => {
    expectError(
      await client.call('POST', '/api/login', { body: { username: 'root', password: 'x' } }),
      401,
      /Login failed/,
    );
    expectError(await client.call('POST', '/api/login', {}), 401);
    expectError(await client.call('GET', '/api/systems/'), 401, /AuthToken/);
    expectError(
      await client.call('GET', '/api/systems/', { headers: { AuthToken: 'nope' } }),
      401,
      /Invalid/,
    );
    const other = await signIn(client);
    expect((await other.post('/api/logout', {})).status).toBe(200);
    expectError(await other.get('/api/systems/'), 401);
    expectError(await other.post('/api/logout', {}), 401);
  });

  it('403 when a monitor-only user tries to change anything; reading is fine', async () => {
    const monitor = await signIn(client, 'monitor', 'monitor1');
    expect((await monitor.get('/api/virtual_clients/')).status).toBe(200);
    expectError(await monitor.put('/api/virtual_clients/audit/start/12'), 403, /not allowed/);
    expectError(await monitor.del('/api/virtual_clients/12/', { type: 'vm_ir' }), 403);
    expectError(await monitor.post('/api/restore/instant/?sid=1', {}), 403);
  });
});

describe('Unitrends listings', () => {
  it('GET /api/systems/ lists the local appliance and the replication target under `appliance`', async () => {
    const answer = await ueb.get('/api/systems/?include_pending=1&include_rejected=1');
    const systems = (answer.json as { appliance: Record<string, unknown>[] }).appliance;
    expect(systems.map((s) => [s.id, s.local, s.role])).toEqual([
      [1, true, 'Backup System'],
      [2, false, 'Replication Target'],
    ]);
    const model = { name: 'x', host: 'x', role: 'x', status: 'x', local: true, id: 1, version: 'x' };
    expect(shapeDiff(systems, [model])).toEqual([]);
    expect((await ueb.get('/api/systems')).json).toEqual(answer.json);
  });

  it('GET /api/virtual_clients/ has one row per system with every type, shaped like the wiki example', async () => {
    await startIr({ host: 'esx01.lab.local', name: 'shape-vm', datastore: 'datastore1' });
    await startIr({ host: 'hv01.lab.local', name: 'shape-hv', directory: 'D:\\VMs' });
    const applianceIr = await startIr({ name: 'shape-appliance' });
    await waitForItem(ueb, 'appliance_ir', applianceIr, (i) => i.status === 'available');
    const answer = await ueb.get('/api/virtual_clients/');
    const body = answer.json as { data: Record<string, Item[]>[]; timestamp: number };
    expect(
      shapeDiff(
        body,
        { ...wiki, data: [ROW] },
        {
          optional: [...WIR_OPTIONAL, 'port'],
          extraKeys: ['last_message', 'valid', ...WIR_OPTIONAL],
          nullable: ['moref'],
        },
      ),
    ).toEqual([]);
    expect(body.data.map((row) => row.system_id)).toEqual([1, 2]);
    const items = body.data.flatMap((row) =>
      ['wir', 'vm_ir', 'hv_ir', 'appliance_ir'].flatMap((t) => row[t] ?? []),
    );
    for (const item of items) expect(item.virtual_id).toBe(`${item.id}.${String(item.type)}`);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const appliance = items.find((i) => i.id === applianceIr);
    expect(appliance).toMatchObject({ port: expect.any(Number) as number, server_name: 'ueb01' });
  });

  it('filters by type and sid as the PHP handler does', async () => {
    const byType = (await ueb.get('/api/virtual_clients/?type=vm_ir')).json as {
      data: Record<string, unknown>[];
    };
    for (const row of byType.data)
      expect(Object.keys(row).sort()).toEqual(['system_id', 'system_name', 'vm_ir']);
    const bySid = (await ueb.get('/api/virtual_clients?sid=2')).json as { data: { system_id: number }[] };
    expect(bySid.data.map((r) => r.system_id)).toEqual([2]);
    const unknown = (await ueb.get('/api/virtual_clients/?type=bogus&sid=1')).json as { data: object[] };
    expect(unknown.data).toEqual([{ system_id: 1, system_name: 'ueb01' }]);
    expectError(await ueb.get('/api/virtual_clients/?sid=9'), 500, /Invalid system ID/);
  });

  it('the catalog lists each client’s backups with their start dates, the last being the candidate’s', async () => {
    type Catalog = {
      catalog: {
        system_id: number;
        instances: { client_id: number; backups: { id: number; type: string; start_date: number }[] }[];
      }[];
    };
    const answer = (await ueb.get('/api/catalog/?sid=1')).json as Catalog;
    expect(answer.catalog.map((s) => s.system_id)).toEqual([1]);
    const [candidate] = await candidates(1);
    const instance = answer.catalog[0]?.instances.find((i) => i.client_id === candidate?.client_id);
    const backups = instance?.backups ?? [];
    expect(backups.length).toBeGreaterThan(1);
    expect(backups.at(-1)?.id).toBe(candidate?.backup_id);
    const dates = backups.map((b) => b.start_date);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    const since = (await ueb.get(`/api/catalog/?sid=1&start_date=${dates.at(-1)}`)).json as Catalog;
    const recent = since.catalog[0]?.instances.find((i) => i.client_id === candidate?.client_id);
    expect(recent?.backups.map((b) => b.id)).toEqual([candidate?.backup_id]);
    expectError(await ueb.get('/api/catalog/?start_date=someday'), 500, /Invalid start date/);
  });

  it('candidates, supported hypervisors and recovery targets', async () => {
    const answer = await ueb.get('/api/virtual_clients/candidates/');
    const model = { client_id: 1, client_name: 'x', client_os_id: 1, client_os: 'x', backup_id: 1 };
    const shape = { data: [{ system_id: 1, system_name: 'x', candidates: [model] }], timestamp: 1 };
    const extra = ['virtual_id', 'grandclient', 'system_id', 'system_name'];
    expect(shapeDiff(answer.json, shape, { extraKeys: extra })).toEqual([]);
    expect((await candidates(2)).every((c) => c.grandclient === true)).toBe(true);
    const supported = (await ueb.get('/api/virtual_clients/supported/?sid=2')).json;
    expect(supported).toEqual({
      wir: [{ system_id: 2, system_name: 'ueb-dr', supported: ['VMware host', 'Hyper-V host'] }],
    });
    const vmware = (await ueb.get('/api/virtual_clients/targets/?sid=1&type=VMware')).json as {
      targets: { capabilities: { supports_efi: boolean } }[];
    };
    const target = {
      id: 'x',
      name: 'x',
      parent_id: 'x',
      datastores: [{ name: 'x', size: 1, free: 1 }],
      groups: [],
      capabilities: { supports_wir: true, supports_efi: true },
    };
    expect(shapeDiff(vmware, { targets: [target] })).toEqual([]);
    const efi = (await ueb.get('/api/virtual_clients/targets/?sid=1&type=VMware&efi=1'))
      .json as typeof vmware;
    expect(efi.targets.every((t) => t.capabilities.supports_efi)).toBe(true);
    expect((await ueb.get('/api/virtual_clients/targets/?sid=1&type=Hyper-V&os_id=30')).status).toBe(200);
    expectError(await ueb.get('/api/virtual_clients/targets/?sid=1&type=Hyper-V'), 500, /OS or client ID/);
    expectError(await ueb.get('/api/virtual_clients/targets/?sid=1'), 500, /Specify the type of location/);
    expectError(await ueb.get('/api/virtual_clients/targets/?sid=1&type=Xen'), 500, /appropriate type/);
  });
});

describe('Unitrends virtual failover clients (WIR)', () => {
  it('a new VFC does nothing until restored, then goes audit and live; details give the appliance VNC port', async () => {
    const id = await createVfc();
    expect(await ueb.get(`/api/virtual_clients/${id}/state/`)).toMatchObject({
      json: { current_state: 'new', valid: false },
    });
    expect((await ueb.put(`/api/virtual_clients/audit/start/${id}.wir`)).json).toEqual([]);
    await waitForWirState(ueb, id, 'idle');
    expect((await ueb.put(`/api/virtual_clients/audit/start/${id}.wir?sid=1`, { powerOn: true })).json).toBe(
      true,
    );
    expect((await ueb.get(`/api/virtual_clients/${id}/state/`)).json).toMatchObject({
      current_state: 'idle',
      pending_state: 'audit',
    });
    expectError(await ueb.put(`/api/virtual_clients/live/start/${id}`), 500, /busy/);
    await waitForWirState(ueb, id, 'audit');
    const details = await ueb.get(`/api/virtual_clients/${id}/details/?type=wir`);
    const model = {
      virtual_id: 'x',
      client_id: 1,
      vm_name: 'x',
      processors: 1,
      memory: 1,
      included_volumes: ['C:'],
      excluded_volumes: [],
      hypervisor_type: 'x',
      last_message: 'x',
      port: 5901,
      audit_verify: 0,
    };
    expect(shapeDiff(details.json, { virtual_client: model })).toEqual([]);
    expect(details.json).toMatchObject({
      virtual_client: { hypervisor_type: 'Unitrends appliance', port: expect.any(Number) as number },
    });
    expectError(await ueb.put(`/api/virtual_clients/live/stop/${id}`), 500, /audit mode/);
    expect((await ueb.put(`/api/virtual_clients/live/start/${id}`)).json).toBe(true);
    await waitForWirState(ueb, id, 'live');
    const item = (await listed(ueb, 'wir')).find((i) => i.id === id);
    expect(item).toMatchObject({
      mode: 'live',
      live_time: expect.stringMatching(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d[AP]M$/) as string,
    });
    expect((await ueb.put(`/api/virtual_clients/live/stop/${id}`)).json).toBe(true);
    await waitForWirState(ueb, id, 'idle');
  });

  it('restores stop/start, modify, backup history and delete', async () => {
    const id = await createVfc({ esx_host: 'esx02.lab.local' });
    expect((await ueb.put(`/api/virtual_clients/restores/start/${id}`)).json).toEqual([]); // not valid yet
    await waitForWirState(ueb, id, 'idle');
    expect((await ueb.put(`/api/virtual_clients/restores/stop/${id}`)).json).toBe(true);
    expect((await ueb.get(`/api/virtual_clients/${id}/state/`)).json).toMatchObject({
      restores_disabled: true,
    });
    const history = (await ueb.get(`/api/virtual_clients/${id}/backup_history/?sid=1`)).json;
    const backup = {
      type: 'x',
      id: 1,
      client_name: 'x',
      date: 'x',
      time: 'x',
      size: '1 MB',
      files: 1,
      running: '0',
    };
    expect(shapeDiff(history, { last: [backup], pending: [backup] })).toEqual([]);
    expect((await ueb.put(`/api/virtual_clients/restores/start/${id}`)).json).toBe(true);
    expect(
      (await ueb.put(`/api/virtual_clients/${id}/`, { client: { processors: 4, memory: 8192 } })).json,
    ).toBe(true);
    const details = await ueb.get(`/api/virtual_clients/${id}/details/`);
    expect(details.json).toMatchObject({
      virtual_client: { processors: 4, memory: 8192, hypervisor_type: 'VMware Host' },
    });
    expectError(await ueb.del(`/api/virtual_clients/${id}/`, {}), 500, /^Specify the type\.$/);
    expect((await ueb.del(`/api/virtual_clients/${id}/`, { type: 'bogus' })).json).toEqual([]);
    expectError(await ueb.del(`/api/virtual_clients/${id}/`, { type: 'vm_ir' }), 404);
    expect(
      (await ueb.del(`/api/virtual_clients/${id}.wir/?sid=1`, { type: 'wir', deleteFromHypervisor: 1 })).json,
    ).toBe(true);
    expectError(await ueb.get(`/api/virtual_clients/${id}/state/`), 404);
    expect((await candidates(1)).some((c) => c.virtual_id === id)).toBe(false);
  });

  it('refuses VFCs the appliance cannot make, with the handler messages', async () => {
    const all = await candidates(1);
    const post = (sid: number, client: unknown) =>
      ueb.post(`/api/virtual_clients/?sid=${sid}`, client === undefined ? {} : { client });
    expectError(await post(1, undefined), 500, /Specify the client/);
    expectError(await post(1, { client_id: 99_999_999 }), 500, /not found/);
    expectError(
      await post(1, { client_id: all.find((c) => !isWindows(c))?.client_id }),
      500,
      /Windows clients/,
    );
    expectError(
      await post(1, { client_id: all.find((c) => c.virtual_id !== undefined)?.client_id }),
      500,
      /already has/,
    );
    const replicated = (await candidates(2)).find((c) => isWindows(c) && c.virtual_id === undefined);
    expectError(
      await post(2, { client_id: replicated?.client_id }),
      500,
      /not supported on Unitrends appliance/,
    );
  });
});

describe('Unitrends instant recovery sessions', () => {
  it('an hv_ir session: created, listed, refuses what does not apply, goes live, tears down', async () => {
    const id = await startIr({ host: 'hv02.lab.local', name: 'hv-test', directory: 'D:\\VMs' });
    const created = (await listed(ueb, 'hv_ir')).find((i) => i.id === id);
    expect(created).toMatchObject({
      virtual_id: `${id}.hv_ir`,
      status: 'creating',
      mode: 'Audit',
      vm_name: 'hv-test',
      duration: '<1m',
    });
    expectError(await ueb.put(`/api/virtual_clients/live/start/${id}.hv_ir`), 500, /creating/);
    expectError(
      await ueb.del(`/api/virtual_clients/${id}.hv_ir/`, { type: 'hv_ir', force: 0 }),
      500,
      /force/,
    );
    await waitForItem(ueb, 'hv_ir', id, (i) => i.status === 'available');
    const details = await ueb.get(`/api/virtual_clients/${id}/details/?type=hv_ir`);
    expect(details.json).toMatchObject({ id, type: 'hv_ir', status: 'available' });
    expect((await ueb.get(`/api/virtual_clients/${id}/details/?type=vm_ir`)).json).toEqual([]);
    expectError(await ueb.get(`/api/virtual_clients/${id}/state/`), 404, /instant recovery session/);
    expectError(await ueb.put(`/api/virtual_clients/audit/stop/${id}`), 500, /tear it down/);
    expectError(
      await ueb.put(`/api/virtual_clients/restores/start/${id}`),
      500,
      /virtual failover clients only/,
    );
    expect((await ueb.put(`/api/virtual_clients/live/start/${id}`)).json).toBe(true);
    await waitForItem(ueb, 'hv_ir', id, (i) => i.mode === 'Instant Recovery' && i.status === 'available');
    expectError(await ueb.put(`/api/virtual_clients/live/start/${id}`), 500, /already live/);
    expect((await ueb.del(`/api/virtual_clients/${id}/`, { type: 'hv_ir' })).json).toBe(true);
    await waitForItem(ueb, 'hv_ir', id);
    expect((await ueb.get(`/api/virtual_clients/${id}/details/?type=hv_ir`)).json).toEqual([]);
  });

  it('refuses instant recoveries it cannot start, with the handler messages', async () => {
    const [local] = await candidates(1);
    const [remote] = await candidates(2);
    const target = { host: 'esx01.lab.local', name: 'x', datastore: 'datastore1' };
    const post = (body: unknown) => ueb.post('/api/restore/instant/?sid=1', body);
    expectError(await post({ backup_id: 1, target }), 500, /Backup 1 was not found/);
    expectError(await post({ backup_id: remote?.backup_id, target }), 500, /not found on ueb01/);
    expectError(
      await post({ backup_id: local?.backup_id, target: { ...target, name: '' } }),
      500,
      /host and name/,
    );
    expectError(
      await post({ backup_id: local?.backup_id, target: { name: 'x', datastore: 'ds' } }),
      500,
      /host and name/,
    );
    expectError(
      await ueb.post('/api/restore/instant/?sid=7', { backup_id: local?.backup_id, target }),
      500,
      /system ID/,
    );
  });
});

describe('Unitrends errors', () => {
  it('404 for unknown ids and paths, in the vendor shape', async () => {
    expectError(await ueb.put('/api/virtual_clients/audit/start/424242'), 404, /was not found/);
    expectError(await ueb.get('/api/virtual_clients/424242/state/'), 404);
    expectError(await ueb.del('/api/virtual_clients/424242/', { type: 'vm_ir' }), 404);
    expectError(await ueb.get('/api/no/such/thing'), 404);
    expect((await ueb.get('/api/virtual_clients/424242/details/?type=wir')).json).toEqual([]);
  });

  it('500 without an id, and 400 for a malformed JSON body', async () => {
    expectError(await ueb.put('/api/virtual_clients/'), 500, /You must provide a virtual client ID\./);
    expectError(
      await ueb.del('/api/virtual_clients/', { type: 'wir' }),
      500,
      /You must provide a virtual client ID\./,
    );
    const malformed = await client.call('POST', '/api/login', {
      headers: { 'content-type': 'application/json' },
      rawBody: '{"username":',
    });
    expectError(malformed, 400, /Malformed/);
  });

  it('500 in the vendor shape when no VNC console can be opened; listings just leave the port out', async () => {
    const failing = await startWithConsoles(
      'unitrends',
      createUnitrendsSimulator,
      stubConsoles('no VNC today'),
      { vms: 50, timeScale: 0.01 },
    );
    const other = labClient(failing.info);
    try {
      const appliance = await signIn(other);
      const [candidate] =
        (
          (await appliance.get('/api/virtual_clients/candidates/?sid=1')).json as {
            data: { candidates: Candidate[] }[];
          }
        ).data[0]?.candidates ?? [];
      const started = await appliance.post('/api/restore/instant/?sid=1', {
        backup_id: candidate?.backup_id,
        audit: true,
        target: { name: 'novnc' },
      });
      const id = (started.json as { result: { id: number }[] }).result[0]?.id ?? 0;
      const item = await waitForItem(appliance, 'appliance_ir', id, (i) => i.status === 'available');
      expect(item).not.toHaveProperty('port');
      expectError(
        await appliance.get(`/api/virtual_clients/${id}/details/?type=appliance_ir`),
        500,
        /no VNC today/,
      );
    } finally {
      await other.close();
      await failing.stop();
    }
  });
});
