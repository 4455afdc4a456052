import { beforeAll, describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import type { FlavourId } from './flavour';
import {
  anyObject,
  anyString,
  bringTo,
  expectError,
  matching,
  messageId,
  ordinaryMachines,
  powerPath,
  powerState,
  valueOf,
} from './vcenter-asserts';
import {
  fixture,
  pollUntil,
  shapeDifferences,
  specDifferences,
  useVcenterLab,
  type Headers,
} from './test-support';

const FLAVOURS: FlavourId[] = ['api', 'rest'];
const SESSION = { api: '/api/session', rest: '/rest/com/vmware/cis/session' } as const;

const env = useVcenterLab({ vms: 100 });
let take: () => string;

beforeAll(async () => {
  const samples = Object.entries(env.lab.vendor('vcenter').extra ?? {})
    .filter(([key]) => key.startsWith('vm.'))
    .map(([, id]) => id);
  take = await ordinaryMachines(env.client, env.admin, samples);
});

const get = (path: string, headers: Headers = env.admin) => env.client.call('GET', path, { headers });
const post = (path: string, body?: unknown, headers: Headers = env.admin) =>
  env.client.call('POST', path, { headers, ...(body === undefined ? {} : { body }) });

describe('sessions', () => {
  it('/api: POST /api/session answers 201 with the id as a bare JSON string, and sets the cookie', async () => {
    const answer = await env.client.call('POST', '/api/session', { headers: env.client.basic() });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatch(/^[0-9a-f]{32}$/);
    expect(specDifferences('session', '/api/session', 'POST', answer)).toEqual([]);
    expect(String(answer.headers['set-cookie'])).toContain(`vmware-api-session-id=${String(answer.json)}`);
    // The cookie alone authenticates (browsers); the header is what API clients use.
    const viaCookie = await get('/api/session', { cookie: `vmware-api-session-id=${String(answer.json)}` });
    expect(viaCookie.status).toBe(200);
  });

  it('/rest: POST .../cis/session answers 200 {"value": id}; ~action=get gives the session info', async () => {
    const answer = await env.client.call('POST', SESSION.rest, { headers: env.client.basic() });
    expect(answer.status).toBe(200);
    expect(shapeDifferences(answer.json, fixture('rest_session_create_response_doc.json'))).toEqual([]);
    expect(specDifferences('cis', SESSION.rest, 'POST', answer)).toEqual([]);
    const headers = { 'vmware-api-session-id': String(valueOf(answer, 'rest')) };
    const info = await post(`${SESSION.rest}?~action=get`, undefined, headers);
    expect(info.status).toBe(200);
    expect(shapeDifferences(info.json, fixture('rest_session_get_response_doc_6.7.json'))).toEqual([]);
    expect(specDifferences('cis', `${SESSION.rest}?~action=get`, 'POST', info)).toEqual([]);
  });

  it('GET /api/session tells the user and moves last_accessed_time', async () => {
    const headers = await env.client.login();
    const first = await get('/api/session', headers);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const second = await get('/api/session', headers);
    expect(specDifferences('session', '/api/session', 'GET', second)).toEqual([]);
    expect(second.json).toMatchObject({ user: 'VSPHERE.LOCAL\\Administrator' });
    const at = (answer: typeof first) => (answer.json as { last_accessed_time: string }).last_accessed_time;
    expect(at(second) > at(first)).toBe(true);
  });

  it.each(FLAVOURS)('%s: wrong, missing and unknown credentials are 401 UNAUTHENTICATED', async (flavour) => {
    const wrong = await env.client.call('POST', SESSION[flavour], {
      headers: env.client.basic(undefined, 'nope'),
    });
    expectError(wrong, flavour, 401, 'UNAUTHENTICATED');
    expectError(await env.client.call('POST', SESSION[flavour]), flavour, 401, 'UNAUTHENTICATED');
    const unknown = await get(`/${flavour}/vcenter/vm`, { 'vmware-api-session-id': '0'.repeat(32) });
    expectError(unknown, flavour, 401, 'UNAUTHENTICATED');
    const none = await get(`/${flavour}/vcenter/vm`, {});
    if (flavour === 'rest')
      expect(
        shapeDifferences(none.json, fixture('rest_error_unauthenticated_vc6.0.json'), {
          extra: ['error_type'],
        }),
      ).toEqual([]);
    else
      expect(
        shapeDifferences(none.json, fixture('api_error_unauthenticated_schema_doc.json'), {
          optional: ['data', 'params', 'localized'],
        }),
      ).toEqual([]);
  });

  it.each(FLAVOURS)('%s: logout ends the session (204 in /api, 200 in /rest)', async (flavour) => {
    const headers = await env.client.login(flavour);
    const answer = await env.client.call('DELETE', SESSION[flavour], { headers });
    expect(answer.status).toBe(flavour === 'api' ? 204 : 200);
    expect(answer.text).toBe('');
    expectError(await get(`/${flavour}/vcenter/vm`, headers), flavour, 401, 'UNAUTHENTICATED');
    expectError(
      await env.client.call('DELETE', SESSION[flavour], { headers }),
      flavour,
      401,
      'UNAUTHENTICATED',
    );
  });

  it('a session made in one flavour works in the other', async () => {
    const headers = await env.client.login('rest');
    expect((await get('/api/vcenter/datacenter', headers)).status).toBe(200);
  });
});

describe('VM list', () => {
  it.each(FLAVOURS)('%s: the envelope and VcenterVMSummary fields', async (flavour) => {
    const answer = await get(`/${flavour}/vcenter/vm`);
    expect(answer.status).toBe(200);
    expect(specDifferences('vcenter', `/${flavour}/vcenter/vm`, 'GET', answer)).toEqual([]);
    const list = valueOf(answer, flavour) as { vm: string; name: string; power_state: string }[];
    expect(list).toHaveLength(40);
    expect(list[0]?.vm).toBe('vm-1001');
    for (const summary of list)
      expect(summary.name).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)-(prod|stg|dev|qa)-\d{3}$|^tmpl-/);
  });

  it('filters by names, vms, power states, hosts, clusters, folders, datacenters and resource pools', async () => {
    const all = (await get('/api/vcenter/vm')).json as { vm: string; name: string; power_state: string }[];
    const [a, b] = all;
    const ids = (answer: LabAnswer, flavour: FlavourId = 'api') =>
      (valueOf(answer, flavour) as { vm: string }[]).map((s) => s.vm);
    expect(ids(await get(`/api/vcenter/vm?names=${a?.name}&names=${b?.name}`))).toEqual([a?.vm, b?.vm]);
    // Both /rest encodings: repeated and numbered.
    expect(
      ids(await get(`/rest/vcenter/vm?filter.names=${a?.name}&filter.names=${b?.name}`), 'rest'),
    ).toEqual([a?.vm, b?.vm]);
    expect(ids(await get(`/rest/vcenter/vm?filter.vms.1=${b?.vm}&filter.vms.2=${a?.vm}`), 'rest')).toEqual([
      a?.vm,
      b?.vm,
    ]);
    expect(ids(await get(`/api/vcenter/vm?vms=${b?.vm}`))).toEqual([b?.vm]);
    const on = ids(await get('/api/vcenter/vm?power_states=POWERED_ON'));
    expect(on).toEqual(all.filter((s) => s.power_state === 'POWERED_ON').map((s) => s.vm));

    // Every machine is in exactly one host, cluster, datacenter, and somewhere under its datacenter's vm folder.
    const union = async (param: string, path: string, key: string) => {
      const containers = (await get(path)).json as Record<string, string>[];
      const parts = await Promise.all(
        containers.map(async (c) => ids(await get(`/api/vcenter/vm?${param}=${c[key] ?? ''}`))),
      );
      return parts.flat().sort();
    };
    const everyId = all.map((s) => s.vm).sort();
    expect(await union('hosts', '/api/vcenter/host', 'host')).toEqual(everyId);
    expect(await union('clusters', '/api/vcenter/cluster', 'cluster')).toEqual(everyId);
    expect(await union('datacenters', '/api/vcenter/datacenter', 'datacenter')).toEqual(everyId);
    expect(await union('folders', '/api/vcenter/folder?names=vm', 'folder')).toEqual(everyId);
    expect(
      await union('resource_pools', '/api/vcenter/resource-pool?names=Resources', 'resource_pool'),
    ).toEqual(everyId);
    expect(ids(await get('/api/vcenter/vm?hosts=host-0'))).toEqual([]);
  });

  it.each(FLAVOURS)('%s: an unknown power state is 400 INVALID_ARGUMENT', async (flavour) => {
    const param = flavour === 'api' ? 'power_states' : 'filter.power_states';
    expectError(await get(`/${flavour}/vcenter/vm?${param}=RUNNING`), flavour, 400, 'INVALID_ARGUMENT');
  });

  it('omits cpu_count and memory_size_MiB when the configuration is inaccessible', async () => {
    const vm = env.client.sample('inaccessible');
    const [summary] = (await get(`/api/vcenter/vm?vms=${vm}`)).json as Record<string, unknown>[];
    expect(summary).toEqual({ vm, name: anyString, power_state: 'POWERED_OFF' });
  });
});

describe('VM info, identity and tools', () => {
  it.each(FLAVOURS)(
    '%s: GET vm/{vm} is a VcenterVMInfo (device maps as {key, value} lists in /rest)',
    async (flavour) => {
      for (const kind of ['linuxDemo', 'windowsDemo']) {
        const vm = env.client.sample(kind);
        const answer = await get(`/${flavour}/vcenter/vm/${vm}`);
        expect(answer.status).toBe(200);
        expect(specDifferences('vcenter', `/${flavour}/vcenter/vm/{vm}`, 'GET', answer)).toEqual([]);
        const disks = (valueOf(answer, flavour) as { disks: unknown }).disks;
        if (flavour === 'rest') expect(disks).toEqual([{ key: '2000', value: anyObject }]);
        else expect(Object.keys(disks as object)).toEqual(['2000']);
      }
    },
  );

  it('upt_compatibility_enabled only on VMXNET3 cards, as the bindings allow', async () => {
    for (const kind of ['linuxDemo', 'windowsDemo']) {
      const answer = await get(`/api/vcenter/vm/${env.client.sample(kind)}`);
      const nics = Object.values((answer.json as { nics: Record<string, Record<string, unknown>> }).nics);
      for (const nic of nics) expect('upt_compatibility_enabled' in nic).toBe(nic.type === 'VMXNET3');
    }
  });

  it.each(FLAVOURS)(
    '%s: an unknown machine is 404 NOT_FOUND, an inaccessible one RESOURCE_INACCESSIBLE',
    async (flavour) => {
      const missing = await get(`/${flavour}/vcenter/vm/vm-1`);
      expectError(missing, flavour, 404, 'NOT_FOUND');
      if (flavour === 'rest')
        expect(
          shapeDifferences(missing.json, fixture('rest_error_not_found_vapi_sample.json'), {
            extra: ['error_type'],
          }),
        ).toEqual([]);
      const vm = env.client.sample('inaccessible');
      expectError(
        await get(`/${flavour}/vcenter/vm/${vm}`),
        flavour,
        flavour === 'api' ? 500 : 400,
        'RESOURCE_INACCESSIBLE',
      );
      expectError(
        await get(`/${flavour}/vcenter/vm/${vm}/power`),
        flavour,
        flavour === 'api' ? 500 : 400,
        'RESOURCE_INACCESSIBLE',
      );
    },
  );

  it('guest identity gives the IP address while VMware Tools run, 503 otherwise', async () => {
    const vm = env.client.sample('linuxDemo');
    const identity = await get(`/api/vcenter/vm/${vm}/guest/identity`);
    expect(specDifferences('vcenter', '/api/vcenter/vm/{vm}/guest/identity', 'GET', identity)).toEqual([]);
    expect(identity.json).toMatchObject({
      family: 'LINUX',
      ip_address: matching(/^10\.\d+\.\d+\.\d+$/),
    });
    const rest = await get(`/rest/vcenter/vm/${vm}/guest/identity`);
    expect(specDifferences('vcenter', '/rest/vcenter/vm/{vm}/guest/identity', 'GET', rest)).toEqual([]);
    for (const kind of ['noTools', 'template'])
      expectError(
        await get(`/api/vcenter/vm/${env.client.sample(kind)}/guest/identity`),
        'api',
        503,
        'SERVICE_UNAVAILABLE',
      );
  });

  it('guest networking lists the addresses per network card, also for a guest without a primary address', async () => {
    const vm = env.client.sample('linuxDemo');
    for (const flavour of FLAVOURS) {
      const answer = await get(`/${flavour}/vcenter/vm/${vm}/guest/networking/interfaces`);
      expect(answer.status).toBe(200);
      expect(
        specDifferences('vcenter', `/${flavour}/vcenter/vm/{vm}/guest/networking/interfaces`, 'GET', answer),
      ).toEqual([]);
    }
    const info = (await get(`/api/vcenter/vm/${vm}`)).json as {
      nics: Record<string, { mac_address: string }>;
    };
    const identity = (await get(`/api/vcenter/vm/${vm}/guest/identity`)).json as { ip_address: string };
    expect((await get(`/api/vcenter/vm/${vm}/guest/networking/interfaces`)).json).toEqual([
      {
        nic: '4000',
        mac_address: info.nics['4000']?.mac_address,
        ip: {
          ip_addresses: [
            { ip_address: identity.ip_address, prefix_length: 16, origin: 'DHCP', state: 'PREFERRED' },
            { ip_address: matching(/^fe80::/), prefix_length: 64, origin: 'LINKLAYER', state: 'PREFERRED' },
          ],
        },
      },
    ]);
    expectError(
      await get(`/api/vcenter/vm/${env.client.sample('noTools')}/guest/networking/interfaces`),
      'api',
      503,
      'SERVICE_UNAVAILABLE',
    );
    // Some guests name no primary address in guest identity: their addresses are only here.
    const running = (await get('/api/vcenter/vm?power_states=POWERED_ON')).json as { vm: string }[];
    const bare: string[] = [];
    for (const { vm: id } of running) {
      const answer = await get(`/api/vcenter/vm/${id}/guest/identity`);
      if (answer.status === 200 && !('ip_address' in (answer.json as object))) bare.push(id);
    }
    expect(bare.length).toBeGreaterThan(0);
    const interfaces = (await get(`/api/vcenter/vm/${bare[0]}/guest/networking/interfaces`)).json as {
      ip: { ip_addresses: { ip_address: string }[] };
    }[];
    expect(interfaces[0]?.ip.ip_addresses[0]?.ip_address).toMatch(/^10\.\d+\.\d+\.\d+$/);
  });

  it('tools info tells the VMware Tools running state and version status', async () => {
    const expected: Record<string, object> = {
      linuxDemo: { run_state: 'RUNNING', version_status: 'CURRENT', install_type: 'OPEN_VM_TOOLS' },
      oldTools: { run_state: 'RUNNING', version_status: 'TOO_OLD_UNSUPPORTED' },
      noTools: { run_state: 'NOT_RUNNING', version_status: 'NOT_INSTALLED' },
    };
    for (const [kind, fields] of Object.entries(expected)) {
      const answer = await get(`/api/vcenter/vm/${env.client.sample(kind)}/tools`);
      expect(specDifferences('vcenter', '/api/vcenter/vm/{vm}/tools', 'GET', answer)).toEqual([]);
      expect(answer.json).toMatchObject(fields);
    }
  });
});

describe('power', () => {
  it.each(FLAVOURS)(
    '%s: start, suspend, resume, stop, each answered when done (204 / 200 empty)',
    async (flavour) => {
      const vm = take();
      await bringTo(env.client, env.admin, vm, 'POWERED_ON');
      const ok = flavour === 'api' ? 204 : 200;
      for (const [op, state] of [
        ['suspend', 'SUSPENDED'],
        ['start', 'POWERED_ON'],
        ['reset', 'POWERED_ON'],
        ['suspend', 'SUSPENDED'],
        ['stop', 'POWERED_OFF'],
      ] as const) {
        const answer = await post(powerPath(flavour, vm, op));
        expect([answer.status, answer.text], op).toEqual([ok, '']);
        expect(await powerState(env.client, env.admin, vm)).toBe(state);
      }
      const info = await get(`/${flavour}/vcenter/vm/${vm}/power`);
      expect(specDifferences('vcenter', `/${flavour}/vcenter/vm/{vm}/power`, 'GET', info)).toEqual([]);
      // A hard stop is not a clean power off.
      expect(valueOf(info, flavour)).toEqual({ state: 'POWERED_OFF', clean_power_off: false });
    },
  );

  it('a stop of a stopped machine answers the recorded ALREADY_IN_DESIRED_STATE body', async () => {
    const vm = take();
    await bringTo(env.client, env.admin, vm, 'POWERED_OFF');
    const answer = await post(powerPath('api', vm, 'stop'));
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(fixture('api_error_already_in_desired_state_power_stop.json'));
    expect(specDifferences('vcenter', '/api/vcenter/vm/{vm}/power?action=stop', 'POST', answer)).toEqual([]);
  });

  it.each(FLAVOURS)('%s: every wrong-state refusal', async (flavour) => {
    const on = take();
    const off = take();
    const suspended = take();
    await bringTo(env.client, env.admin, on, 'POWERED_ON');
    await bringTo(env.client, env.admin, off, 'POWERED_OFF');
    await bringTo(env.client, env.admin, suspended, 'SUSPENDED');
    const cases: [vm: string, op: string, kind: string, id?: string][] = [
      [on, 'start', 'ALREADY_IN_DESIRED_STATE', 'com.vmware.api.vcenter.vm.power.already_powered_on'],
      [off, 'stop', 'ALREADY_IN_DESIRED_STATE', 'com.vmware.api.vcenter.vm.power.already_powered_off'],
      [off, 'suspend', 'NOT_ALLOWED_IN_CURRENT_STATE'],
      [off, 'reset', 'NOT_ALLOWED_IN_CURRENT_STATE'],
      [suspended, 'suspend', 'ALREADY_IN_DESIRED_STATE', 'com.vmware.api.vcenter.vm.power.already_suspended'],
      [suspended, 'reset', 'NOT_ALLOWED_IN_CURRENT_STATE'],
    ];
    for (const [vm, op, kind, id] of cases) {
      const answer = await post(powerPath(flavour, vm, op));
      expectError(answer, flavour, 400, kind);
      if (id) expect(messageId(answer)).toBe(id);
    }
    expect([
      await powerState(env.client, env.admin, on),
      await powerState(env.client, env.admin, off),
    ]).toEqual(['POWERED_ON', 'POWERED_OFF']);
  });

  it.each(FLAVOURS)('%s: machines that cannot start say why', async (flavour) => {
    const server = flavour === 'api' ? 500 : 400;
    const cases: [kind: string, status: number, error: string][] = [
      ['template', 400, 'UNSUPPORTED'],
      ['locked', 400, 'RESOURCE_IN_USE'],
      ['oversized', server, 'UNABLE_TO_ALLOCATE_RESOURCE'],
      ['inaccessible', server, 'RESOURCE_INACCESSIBLE'],
    ];
    for (const [kind, status, error] of cases)
      expectError(await post(powerPath(flavour, env.client.sample(kind), 'start')), flavour, status, error);
    expectError(await post(powerPath(flavour, 'vm-99999', 'start')), flavour, 404, 'NOT_FOUND');
  });

  it.each(FLAVOURS)('%s: a read-only user may look but not act (403 UNAUTHORIZED)', async (flavour) => {
    const extra = env.lab.vendor('vcenter').extra ?? {};
    const headers = await env.client.login(flavour, extra.readOnlyUsername, extra.readOnlyPassword);
    const vm = env.client.sample('linuxDemo');
    expect((await get(`/${flavour}/vcenter/vm/${vm}/power`, headers)).status).toBe(200);
    expectError(await post(powerPath(flavour, vm, 'stop'), undefined, headers), flavour, 403, 'UNAUTHORIZED');
    expectError(
      await post(`/${flavour}/vcenter/vm/${vm}/guest/power?action=reboot`, undefined, headers),
      flavour,
      403,
      'UNAUTHORIZED',
    );
  });
});

describe('guest power', () => {
  it.each(FLAVOURS)(
    '%s: a guest shutdown answers at once, then the machine powers off cleanly',
    async (flavour) => {
      const vm = take();
      await bringTo(env.client, env.admin, vm, 'POWERED_ON');
      const ready = await pollUntil(
        () => get(`/api/vcenter/vm/${vm}/guest/power`),
        (answer) => (answer.json as { operations_ready?: boolean }).operations_ready === true,
      );
      expect(specDifferences('vcenter', '/api/vcenter/vm/{vm}/guest/power', 'GET', ready)).toEqual([]);
      const answer = await post(`/${flavour}/vcenter/vm/${vm}/guest/power?action=shutdown`);
      expect(answer.status).toBe(flavour === 'api' ? 204 : 200);
      const during = await get(`/${flavour}/vcenter/vm/${vm}/guest/power`);
      expect(specDifferences('vcenter', `/${flavour}/vcenter/vm/{vm}/guest/power`, 'GET', during)).toEqual(
        [],
      );
      expect(valueOf(during, flavour)).toEqual({ state: 'SHUTTING_DOWN', operations_ready: false });
      expect(await powerState(env.client, env.admin, vm)).toBe('POWERED_ON');
      await pollUntil(
        () => powerState(env.client, env.admin, vm),
        (state) => state === 'POWERED_OFF',
      );
      expect((await get(`/api/vcenter/vm/${vm}/power`)).json).toEqual({
        state: 'POWERED_OFF',
        clean_power_off: true,
      });
    },
  );

  it('a guest reboot takes VMware Tools away until the guest is back', async () => {
    const vm = env.client.sample('windowsDemo');
    expect((await post(`/api/vcenter/vm/${vm}/guest/power?action=reboot`)).status).toBe(204);
    expect((await get(`/api/vcenter/vm/${vm}/guest/power`)).json).toEqual({
      state: 'RESETTING',
      operations_ready: false,
    });
    expectError(await post(`/api/vcenter/vm/${vm}/guest/power?action=reboot`), 'api', 500, 'RESOURCE_BUSY');
    expectError(await get(`/api/vcenter/vm/${vm}/guest/identity`), 'api', 503, 'SERVICE_UNAVAILABLE');
    const back = await pollUntil(
      () => get(`/api/vcenter/vm/${vm}/guest/power`),
      (answer) => (answer.json as { state?: string }).state === 'RUNNING',
    );
    expect(back.json).toEqual({ state: 'RUNNING', operations_ready: true });
  });

  it.each(FLAVOURS)('%s: every documented refusal of guest power', async (flavour) => {
    const off = take();
    const suspended = take();
    const booting = take();
    await bringTo(env.client, env.admin, off, 'POWERED_OFF');
    await bringTo(env.client, env.admin, suspended, 'SUSPENDED');
    await bringTo(env.client, env.admin, booting, 'POWERED_OFF');
    await bringTo(env.client, env.admin, booting, 'POWERED_ON');
    const guest = (vm: string, op: string) => post(`/${flavour}/vcenter/vm/${vm}/guest/power?action=${op}`);
    expectError(await guest(off, 'shutdown'), flavour, 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await guest(off, 'reboot'), flavour, 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await guest(off, 'standby'), flavour, 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await guest(suspended, 'shutdown'), flavour, 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
    expectError(await guest(suspended, 'standby'), flavour, 400, 'ALREADY_IN_DESIRED_STATE');
    expectError(await guest(env.client.sample('template'), 'shutdown'), flavour, 400, 'UNSUPPORTED');
    expectError(await guest(env.client.sample('noTools'), 'shutdown'), flavour, 503, 'SERVICE_UNAVAILABLE');
    // Right after a cold start the guest is still booting: Tools do not answer yet.
    expectError(await guest(booting, 'reboot'), flavour, 503, 'SERVICE_UNAVAILABLE');
    expectError(await guest('vm-1', 'shutdown'), flavour, 404, 'NOT_FOUND');
  });
});

describe('console tickets', () => {
  it('/api: body is the CreateSpec, 201 {"ticket"} with a vmrc:// URI naming the machine', async () => {
    const vm = env.client.sample('linuxDemo');
    const answer = await post(`/api/vcenter/vm/${vm}/console/tickets`, { type: 'VMRC' });
    expect(answer.status).toBe(201);
    expect(specDifferences('vcenter', '/api/vcenter/vm/{vm}/console/tickets', 'POST', answer)).toEqual([]);
    const ticket = (answer.json as { ticket: string }).ticket;
    expect(ticket).toMatch(
      new RegExp(`^vmrc://clone:cst-[0-9a-f]+--tp-[0-9A-F-]+@127\\.0\\.0\\.1:\\d+/\\?moid=${vm}$`),
    );
    const again = await post(`/api/vcenter/vm/${vm}/console/tickets`, { type: 'VMRC' });
    expect((again.json as { ticket: string }).ticket).not.toBe(ticket);
  });

  it('/rest: {"spec": {...}} in, {"value": {"ticket"}} out, as the doc examples', async () => {
    const vm = env.client.sample('linuxDemo');
    const answer = await post(
      `/rest/vcenter/vm/${vm}/console/tickets`,
      fixture('rest_console_tickets_request_doc.json'),
    );
    expect(answer.status).toBe(200);
    expect(shapeDifferences(answer.json, fixture('rest_console_tickets_response_doc.json'))).toEqual([]);
    const webmks = await post(`/rest/vcenter/vm/${vm}/console/tickets`, { spec: { type: 'WEBMKS' } });
    expect(valueOf(webmks, 'rest')).toEqual({
      ticket: matching(/^wss:\/\/esx-[a-z]+-\d{3}\.lab\.vantage\.invalid:443\/ticket\/[0-9a-f]+$/),
    });
  });

  it.each(FLAVOURS)(
    '%s: WEBMKS needs a running machine; bad types, unknown and inaccessible machines',
    async (flavour) => {
      const spec = (type: string) => (flavour === 'api' ? { type } : { spec: { type } });
      const tickets = (vm: string, type: string) =>
        post(`/${flavour}/vcenter/vm/${vm}/console/tickets`, spec(type));
      const off = env.client.sample('locked');
      expect((await tickets(off, 'VMRC')).status).toBe(flavour === 'api' ? 201 : 200);
      expectError(await tickets(off, 'WEBMKS'), flavour, 400, 'NOT_ALLOWED_IN_CURRENT_STATE');
      expectError(await tickets(off, 'VNC'), flavour, 400, 'INVALID_ARGUMENT');
      expectError(await tickets('vm-1', 'VMRC'), flavour, 404, 'NOT_FOUND');
      const inaccessible = await tickets(env.client.sample('inaccessible'), 'VMRC');
      expectError(inaccessible, flavour, flavour === 'api' ? 500 : 400, 'RESOURCE_INACCESSIBLE');
    },
  );
});

describe('containers to page by', () => {
  const LISTS = ['datacenter', 'folder', 'cluster', 'host', 'resource-pool'];

  it.each(FLAVOURS)('%s: every container list matches the spec', async (flavour) => {
    for (const list of LISTS) {
      const answer = await get(`/${flavour}/vcenter/${list}`);
      expect(answer.status, list).toBe(200);
      expect(specDifferences('vcenter', `/${flavour}/vcenter/${list}`, 'GET', answer)).toEqual([]);
      expect((valueOf(answer, flavour) as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('filters containers and refuses unknown enum values', async () => {
    const hosts = (await get('/api/vcenter/host')).json as { host: string; name: string }[];
    expect(hosts.every((h) => /^host-\d+$/.test(h.host))).toBe(true);
    const clusters = (await get('/api/vcenter/cluster')).json as { cluster: string }[];
    const first = clusters[0]?.cluster ?? '';
    const inFirst = (await get(`/api/vcenter/host?clusters=${first}`)).json as unknown[];
    expect(inFirst.length).toBeGreaterThan(0);
    expect((await get('/api/vcenter/host?standalone=true')).json).toEqual([]);
    const vmFolders = (await get('/rest/vcenter/folder?filter.type=VIRTUAL_MACHINE')).json as {
      value: { type: string }[];
    };
    expect(vmFolders.value.map((f) => f.type)).toEqual(vmFolders.value.map(() => 'VIRTUAL_MACHINE'));
    expectError(await get('/api/vcenter/folder?type=SWITCH'), 'api', 400, 'INVALID_ARGUMENT');
    expectError(await get('/api/vcenter/host?connection_states=ASLEEP'), 'api', 400, 'INVALID_ARGUMENT');
  });
});

describe('unknown operations', () => {
  it.each(FLAVOURS)(
    '%s: unknown paths and actions are 404 NOT_FOUND in the flavour shape',
    async (flavour) => {
      expectError(await get(`/${flavour}/vcenter/nothing-here`), flavour, 404, 'NOT_FOUND');
      expectError(
        await post(`/${flavour}/vcenter/vm/${env.client.sample('linuxDemo')}/guest/power?action=dance`),
        flavour,
        404,
        'NOT_FOUND',
      );
    },
  );

  it('/rest names the URL it could not map, as vCenter 7.0.3 does', async () => {
    const answer = await get('/rest/com/vmware/vcenter/lcm/discovery/associated-products');
    expect(answer.json).toEqual(fixture('rest_error_not_found_vc7.0.3.json'));
  });
});
