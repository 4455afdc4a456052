import { describe, expect, it } from 'vitest';

import { PLAIN_USER } from './data';
import { detail, envelope, fixture, useSignedIn, shapeProblems } from './test-support';

/** Dummy ids of synchronous answers: md5('1')[-8:] = 6f75849b for user 1 (as in the documented examples). */
const ADMIN_DUMMY_ID = /^1d1d1-6f75849b-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}$/;
const EXEC_ID = /^\d+e\d+d\d+-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}$/;
/** VmSerializer fields (contract 1.8) plus `changed`. */
const VM_KEYS = [
  'hostname',
  'uuid',
  'alias',
  'node',
  'owner',
  'status',
  'node_status',
  'vcpus',
  'ram',
  'disk',
  'ips',
  'uptime',
  'locked',
  'changed',
];

/** VmDefineSerializer's main fields (contract 1.8) beyond the documented example's. */
const DEFINE_EXTRA = [
  'uuid',
  'hvm_type',
  'cpu_type',
  'note',
  'tags',
  'monitored',
  'installed',
  'cpu_shares',
  'zfs_io_priority',
  'zpool',
  'resolvers',
  'dns_domain',
  'routes',
  'vga',
  'bootrom',
  'mdata',
  'locked',
  'created',
];

describe('Danube envelopes, lists and routing', () => {
  const t = useSignedIn();

  it('lists VM names in the SUCCESS envelope with a dummy task id', async () => {
    const answer = await t.s.call('GET', '/api/vm/', { as: t.admin });
    const example = fixture('es_get_vm_list');
    expect(answer.status).toBe(example.status);
    expect(shapeProblems(example.text, answer.json)).toEqual([]);
    const body = envelope(answer);
    expect(body.task_id).toMatch(ADMIN_DUMMY_ID);
    expect(answer.headers.es_task_id).toBe(body.task_id);
    const names = body.result as string[];
    expect(names).toEqual([...names].sort());
    expect(names).toContain(t.s.vms.running);
  });

  it('gives VM objects with full=true and more with extended=true; non-admins see node colours', async () => {
    const full = envelope(await t.s.call('GET', '/api/vm/?full=true', { as: t.admin })).result as Record<
      string,
      unknown
    >[];
    expect(Object.keys(full[0] ?? {})).toEqual(VM_KEYS);
    expect(String(full[0]?.node)).toMatch(/^node\d+\.local$/);
    const extended = envelope(await t.s.call('GET', '/api/vm/?extended=1', { as: t.admin })).result as Record<
      string,
      unknown
    >[];
    expect(Object.keys(extended[0] ?? {})).toEqual(
      expect.arrayContaining([...VM_KEYS, 'tags', 'snapshots', 'backups']),
    );
    const mine = envelope(await t.s.call('GET', '/api/vm/?full=true', { as: t.user })).result as Record<
      string,
      unknown
    >[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(full.length);
    expect(
      mine.every((vm) => vm.owner === PLAIN_USER.username && /^#[0-9a-f]{6}$/.test(String(vm.node))),
    ).toBe(true);
  });

  it('shows a pending definition change as changed=true, and the node values with active=true', async () => {
    const path = `/api/vm/${t.s.vms.updateNeeded}/`;
    const defined = envelope(await t.s.call('GET', path, { as: t.user })).result as Record<string, number>;
    const active = envelope(await t.s.call('GET', `${path}?active=true`, { as: t.user })).result as Record<
      string,
      number
    >;
    expect(defined.changed).toBe(true);
    expect(defined.vcpus).toBe((active.vcpus ?? 0) + 1);
  });

  it('lists statuses like the documented example, ordered by hostname', async () => {
    const answer = await t.s.call('GET', '/api/vm/status/', { as: t.admin });
    const example = fixture('es_get_vm_status_list');
    expect(answer.status).toBe(example.status);
    // VmStatusSerializer also has uuid, node_status and uptime (contract 1.7).
    expect(
      shapeProblems(example.text, answer.json, { '$.result[]': ['uuid', 'node_status', 'uptime'] }),
    ).toEqual([]);
    const names = (envelope(answer).result as { hostname: string }[]).map((vm) => vm.hostname);
    const reversed = envelope(await t.s.call('GET', '/api/vm/status/?order_by=-hostname', { as: t.admin }));
    expect((reversed.result as { hostname: string }[]).map((vm) => vm.hostname)).toEqual(
      [...names].reverse(),
    );
    const bad = await t.s.call('GET', '/api/vm/status/?order_by=alias', { as: t.admin });
    expect(bad.status).toBe(412);
    expect(detail(bad)).toBe('Invalid order_by; Possible sort fields are: hostname');
  });

  it('answers 404 "VM not found" for unknown VMs and for VMs of other owners', async () => {
    for (const [path, as] of [
      ['/api/vm/nosuch.example.com/', t.admin],
      [`/api/vm/${t.s.vms.adminOwned}/`, t.user],
      [`/api/vm/${t.s.vms.adminOwned}/status/`, t.user],
    ] as const) {
      const answer = await t.s.call('GET', path, { as });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ detail: 'VM not found' });
    }
    const byUuid = envelope(await t.s.call('GET', `/api/vm/${t.s.vms.running}/`, { as: t.user })).result as {
      uuid: string;
    };
    expect((await t.s.call('GET', `/api/vm/${byUuid.uuid}/status/`, { as: t.user })).status).toBe(200);
  });

  it('redirects a path without its trailing slash (301) and does not act on it', async () => {
    const list = await t.s.call('GET', '/api/vm?full=true', { as: t.admin });
    expect(list.status).toBe(301);
    expect(list.headers.location).toBe('/api/vm/?full=true');
    const stop = await t.s.call('PUT', `/api/vm/${t.s.vms.zone}/status/stop`, { as: t.admin });
    expect(stop.status).toBe(301);
    expect(stop.headers.location).toBe(`/api/vm/${t.s.vms.zone}/status/stop/`);
    const status = envelope(await t.s.call('GET', `/api/vm/${t.s.vms.zone}/status/`, { as: t.admin }));
    expect((status.result as { status: string }).status).toBe('running');
    const unknown = await t.s.call('GET', '/api/nothing/', { as: t.admin });
    expect(unknown.status).toBe(404);
    expect(typeof detail(unknown)).toBe('string');
  });

  it('checks credentials before the method (403), then refuses other methods with 405', async () => {
    expect((await t.s.call('POST', '/api/vm/')).status).toBe(403);
    const answer = await t.s.call('POST', '/api/vm/', { as: t.admin });
    expect(answer.status).toBe(405);
    expect(detail(answer)).toBe('Method "POST" not allowed.');
  });

  it('selects the DC with the /dc/<dc>/ prefix or the dc parameter, the parameter winning', async () => {
    const answer = await t.s.call('GET', '/api/dc/admin/vm/', { as: t.admin });
    const example = fixture('es_get_dc_admin_vm');
    expect(answer.status).toBe(example.status);
    expect(shapeProblems(example.text, answer.json)).toEqual([]);
    expect(envelope(answer).result).toEqual(['mgmt01.local', 'zabbix01.local']);
    expect(envelope(answer).task_id).toMatch(/^1d1d2-/);
    expect(answer.headers.es_dc).toBe('admin');
    expect(envelope(await t.s.call('GET', '/api/vm/?dc=admin', { as: t.admin })).result).toEqual([
      'mgmt01.local',
      'zabbix01.local',
    ]);
    const overridden = await t.s.call('GET', '/api/dc/admin/vm/?dc=main', { as: t.admin });
    expect(overridden.headers.es_dc).toBe('main');
    expect(envelope(overridden).result).toContain(t.s.vms.running);
  });

  it('binds VMs to their DC: another DC does not know them (404)', async () => {
    expect(detail(await t.s.call('GET', '/api/vm/mgmt01.local/', { as: t.admin }))).toBe('VM not found');
    expect((await t.s.call('GET', '/api/vm/mgmt01.local/?dc=admin', { as: t.admin })).status).toBe(200);
    expect((await t.s.call('GET', '/api/dc/admin/vm/mgmt01.local/status/', { as: t.admin })).status).toBe(
      200,
    );
    const elsewhere = await t.s.call('GET', `/api/dc/admin/vm/${t.s.vms.running}/`, { as: t.admin });
    expect(elsewhere.status).toBe(404);
  });

  it('answers "Datacenter not found" for unknown DCs and for DCs the user may not see', async () => {
    for (const [path, as] of [
      ['/api/vm/?dc=nowhere', t.admin],
      ['/api/dc/admin/vm/', t.user],
      ['/api/vm/status/?dc=admin', t.user],
    ] as const) {
      const answer = await t.s.call('GET', path, { as });
      expect(answer.status).toBe(404);
      expect(detail(answer)).toBe('Datacenter not found');
    }
    expect(envelope(await t.s.call('GET', '/api/dc/', { as: t.admin })).result).toEqual(['main', 'admin']);
    expect(envelope(await t.s.call('GET', '/api/dc/', { as: t.user })).result).toEqual(['main']);
  });

  it('serves VM definitions with the OS type', async () => {
    const answer = await t.s.call('GET', '/api/vm/define/', { as: t.user });
    const example = fixture('es_get_vm_define_list');
    expect(answer.status).toBe(example.status);
    const defines = envelope(answer).result as Record<string, unknown>[];
    expect(shapeProblems(example.text, answer.json, { '$.result[]': DEFINE_EXTRA })).toEqual([]);
    expect(defines.map((d) => d.ostype)).toEqual(expect.arrayContaining([1]));
    expect(defines.every((d) => [1, 2, 3, 4, 5, 6].includes(d.ostype as number))).toBe(true);
  });

  it('marks asynchronous answers with an exec task id and es_task_response', async () => {
    const answer = await t.s.call('GET', `/api/vm/${t.s.vms.running}/status/current/`, { as: t.user });
    expect(answer.status).toBe(201);
    const body = envelope(answer);
    expect(body).toEqual({ status: 'PENDING', result: null, task_id: body.task_id });
    expect(body.task_id).toMatch(EXEC_ID);
    expect(body.task_id).toMatch(/^2e2d1-/);
    expect(answer.headers).toMatchObject({ es_task_id: body.task_id, es_task_response: 'true' });
    const done = await t.s.waitForTask(body.task_id, t.user);
    expect(done.status).toBe(200);
    expect(envelope(done).result).toEqual({
      hostname: t.s.vms.running,
      status: 'running',
      status_changed: false,
      message: '',
    });
  });
});
