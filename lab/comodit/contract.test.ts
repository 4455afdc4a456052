import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { labClient, type LabClient } from '../core/testing';
import { createComoditSimulator } from './index';
import {
  ADMIN,
  AUDITOR,
  basic,
  hostPath,
  instancePath,
  instanceState,
  surveyHosts,
  take,
  waitForState,
  type HostRef,
} from './test-client';
import {
  pollUntil,
  readFixture,
  shapeDiff,
  startWithConsoles,
  stubConsoles,
  type StubbedVendor,
} from './test-support';

const fixture = (file: string): unknown => readFixture('comodit', file);
const ORG = '/api/organizations/Acme%20Corp';

/** Hosts in the lab; enough for every test to act on machines of its own. */
const HOSTS = 120;
const consoles = stubConsoles();
let lab: StubbedVendor;
let client: LabClient;
let survey: Map<string, HostRef[]>;

beforeAll(async () => {
  lab = await startWithConsoles('comodit', createComoditSimulator, consoles, { vms: HOSTS, timeScale: 0.01 });
  client = labClient(lab.info);
  survey = await surveyHosts(client, 'Acme Corp');
});

afterAll(async () => {
  await client.close();
  await lab.stop();
});

const adminGet = (path: string) => client.call('GET', path, { headers: ADMIN });
const get = (path: string, headers = ADMIN) => client.call('GET', path, { headers });
const put = (path: string, headers = ADMIN) => client.call('PUT', path, { headers });

/** Every refusal is `{"error": [message, ...]}` with the expected status. */
function expectError(answer: { status: number; json: unknown }, status: number, pattern?: RegExp): void {
  expect(answer.status).toBe(status);
  expect(shapeDiff(answer.json, { error: ['message'] })).toEqual([]);
  if (pattern) expect((answer.json as { error: string[] }).error.join(' ')).toMatch(pattern);
}

describe('ComodIT shapes match the documented examples', () => {
  it('organization, environment and host entities', async () => {
    const org = await get(`${ORG}/`);
    expect(org.status).toBe(200);
    expect(shapeDiff(org.json, fixture('organization_get.json'))).toEqual([]);
    const env = await get(`${ORG}/environments/Production`);
    expect(shapeDiff(env.json, fixture('environment_get.json'))).toEqual([]);
    const host = take(survey, 'RUNNING');
    const entity = await get(hostPath(host));
    expect(shapeDiff(entity.json, fixture('host_get.json'))).toEqual([]);
    expect((entity.json as { state: string }).state).toBe('READY');
  });

  it('instance, with the two fields comodit-client also reads', async () => {
    const answer = await instanceState(client, take(survey, 'RUNNING'));
    expect(answer.status).toBe(200);
    expect(
      shapeDiff(answer.json, fixture('instance_get.json'), { extraKeys: ['hostname', 'locked'] }),
    ).toEqual([]);
    const keys = (answer.json as { properties: { key: string }[] }).properties.map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['ip.eth0', 'mac', 'libvirt.uuid', 'vcpus', 'memory']));
  });

  it('collections are {count, offset, total, items} with _offset/_limit paging', async () => {
    const all = await get(`${ORG}/hosts/`);
    const body = all.json as { count: number; offset: number; total: number; items: { name: string }[] };
    expect(Object.keys(body).sort()).toEqual(['count', 'items', 'offset', 'total']);
    expect(body.count).toBe(body.total);
    expect(body.items.map((h) => h.name)).toEqual([...body.items.map((h) => h.name)].sort());
    const page = (await get(`${ORG}/hosts?_offset=2&_limit=3`)).json as typeof body;
    expect(page).toMatchObject({ count: 3, offset: 2, total: body.total });
    expect(page.items).toEqual(body.items.slice(2, 5));
    const orgs = (await get('/api/organizations')).json as { items: unknown[] };
    expect(shapeDiff(orgs.items, [fixture('organization_get.json')])).toEqual([]);
    const envs = (await get(`${ORG}/environments/`)).json as { items: { name: string }[] };
    expect(envs.items.map((e) => e.name)).toEqual(['Production', 'Staging', 'Development', 'QA']);
  });

  it('POST .../instance/properties creates an instance without provisioning, echoing the properties', async () => {
    const host = take(survey, 'none');
    const properties = fixture('instance_properties_post_request.json');
    const answer = await client.call('POST', instancePath(host, '/properties'), {
      headers: ADMIN,
      body: properties,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ host: host.name, state: 'UNDEFINED', properties });
    expect((await get(hostPath(host))).json).toMatchObject({ state: 'READY' });
    expectError(await put(instancePath(host, '/_start')), 409, /UNDEFINED/);
  });

  it('GET .../instance/vnc gives hostname, a string port and a token from the console registry', async () => {
    const host = take(survey, 'RUNNING');
    const answer = await get(instancePath(host, '/vnc'));
    expect(answer.status).toBe(200);
    expect(shapeDiff(answer.json, fixture('instance_vnc_get.json'))).toEqual([]);
    const port = String(5900 + consoles.opened.length);
    expect(answer.json).toEqual({ token: 'vnc-pass', hostname: '127.0.0.1', port });
    expect(consoles.opened.at(-1)).toBe(`comodit:Acme Corp/${host.env}/${host.name}`);
  });
});

describe('ComodIT instance state machine', () => {
  it('pause, resume, power off and reboot change the state after a delay, answering 202', async () => {
    const host = take(survey, 'RUNNING');
    expect((await put(instancePath(host, '/_pause'))).status).toBe(202);
    await waitForState(adminGet, host, 'PAUSED');
    expect((await put(instancePath(host, '/_resume'))).status).toBe(202);
    await waitForState(adminGet, host, 'RUNNING');
    expect((await put(instancePath(host, '/_reboot'))).status).toBe(202);
    expectError(await put(instancePath(host, '/_off')), 409, /busy: _reboot/);
    expect((await instanceState(client, host)).json).toMatchObject({
      state: 'RUNNING',
      synapseState: 'Down',
    });
    await pollSynapseUp(host);
    expect((await put(instancePath(host, '/_off'))).status).toBe(202);
    await waitForState(adminGet, host, 'STOPPED');
  });

  it('refuses actions that make no sense in the current state with 409', async () => {
    const running = take(survey, 'RUNNING');
    expectError(await put(instancePath(running, '/_start')), 409, /RUNNING/);
    expectError(await put(instancePath(running, '/_resume')), 409, /RUNNING/);
    const stopped = take(survey, 'STOPPED');
    for (const action of ['_stop', '_shutdown', '_pause', '_reboot', '_off'])
      expectError(await put(instancePath(stopped, `/${action}`)), 409, /STOPPED/);
    expectError(await get(instancePath(stopped, '/vnc')), 409, /STOPPED/);
    const paused = take(survey, 'PAUSED');
    expectError(await put(instancePath(paused, '/_pause')), 409, /PAUSED/);
  });

  it('provisions a host (PENDING, host PROVISIONING) until RUNNING and READY; DELETE removes it', async () => {
    const host = take(survey, 'none');
    expectError(await get(instancePath(host)), 404, /no instance/);
    const created = await client.call('POST', instancePath(host), { headers: ADMIN });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ state: 'PENDING', synapseState: 'Down' });
    expect((await get(hostPath(host))).json).toMatchObject({ state: 'PROVISIONING' });
    expectError(
      await client.call('POST', instancePath(host), { headers: ADMIN }),
      409,
      /already has an instance/,
    );
    expectError(await put(instancePath(host, '/_stop')), 409, /busy/);
    await waitForState(adminGet, host, 'RUNNING');
    expect((await get(hostPath(host))).json).toMatchObject({ state: 'READY' });
    const deleted = await client.call('DELETE', instancePath(host), { headers: ADMIN });
    expect(deleted.status).toBe(200);
    expectError(await get(instancePath(host)), 404);
    expect((await get(hostPath(host))).json).toMatchObject({ state: 'DEFINED' });
  });

  it('locked instances cannot be deleted; _forget drops the instance record', async () => {
    const host = take(survey, 'STOPPED');
    expect((await client.call('POST', instancePath(host, '/lock'), { headers: ADMIN })).status).toBe(200);
    expect((await instanceState(client, host)).json).toMatchObject({ locked: true });
    expectError(await client.call('DELETE', instancePath(host), { headers: ADMIN }), 409, /locked/);
    expect((await client.call('POST', instancePath(host, '/unlock'), { headers: ADMIN })).status).toBe(200);
    expect((await put(instancePath(host, '/_forget'))).status).toBe(202);
    expectError(await get(instancePath(host)), 404);
  });
});

async function pollSynapseUp(host: HostRef): Promise<void> {
  await pollUntil(async () => {
    const json = (await instanceState(client, host)).json as { synapseState: string; state: string };
    return json.synapseState === 'Up' && json.state === 'RUNNING' ? true : undefined;
  });
}

describe('ComodIT errors', () => {
  it('401 without or with wrong credentials, in the vendor shape; the app key and JWT also sign in', async () => {
    const none = await client.call('GET', '/api/organizations');
    expectError(none, 401, /Authentication required/);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    expectError(await get('/api/organizations', basic('admin', 'nope')), 401, /Invalid username or password/);
    expectError(await get('/api/organizations', { 'x-comodit-appkey': 'wrong' }), 401, /application key/);
    expectError(await get('/api/organizations', { 'x-comodit-jwttoken': 'wrong' }), 401, /JWT/);
    const appKey = lab.info.credentials.appKey ?? '';
    expect((await get('/api/organizations', { 'x-comodit-appkey': appKey })).status).toBe(200);
    const totp = lab.info.extra?.totpCode ?? '';
    expectError(await get('/api/account/_verify', ADMIN), 400, /TotpToken/);
    expectError(
      await get('/api/account/_verify', { ...ADMIN, 'x-comodit-totptoken': '000000' }),
      401,
      /TOTP/,
    );
    const verified = await get('/api/account/_verify', { ...ADMIN, 'x-comodit-totptoken': totp });
    const jwt = (verified.json as { jwtToken: string }).jwtToken;
    expect((await get('/api/organizations', { 'x-comodit-jwttoken': jwt })).status).toBe(200);
  });

  it('403 for an organization the user is not a member of, and for a read-only user changing anything', async () => {
    const orgs = (await get('/api/organizations')).json as { items: { name: string }[] };
    expect(orgs.items.map((o) => o.name)).toEqual(['Acme Corp', 'Globex']);
    expectError(await get('/api/organizations/Initech'), 403, /Access denied/);
    expectError(await get('/api/organizations/Initech/environments/Production/hosts'), 403);
    const host = take(survey, 'RUNNING');
    expect((await get(instancePath(host), AUDITOR)).status).toBe(200);
    expectError(await put(instancePath(host, '/_stop'), AUDITOR), 403, /may not change/);
    expectError(await client.call('DELETE', instancePath(host), { headers: AUDITOR }), 403);
  });

  it('404 for unknown organizations, environments, hosts and paths', async () => {
    expectError(await get('/api/organizations/Nope'), 404, /Organization not found/);
    expectError(await get(`${ORG}/environments/Nope`), 404, /Environment not found/);
    expectError(await get(`${ORG}/environments/Production/hosts/nope`), 404, /Host not found/);
    expectError(await get('/api/nothing/here'), 404);
  });

  it('400 for bad paging values, malformed properties and malformed JSON', async () => {
    expectError(await get(`${ORG}/hosts?_limit=-1`), 400, /_limit/);
    expectError(await get(`${ORG}/hosts?_offset=abc`), 400, /_offset/);
    const host = take(survey, 'none');
    const path = instancePath(host, '/properties');
    expectError(await client.call('POST', path, { headers: ADMIN, body: { key: 'a' } }), 400, /list/);
    expectError(await client.call('POST', path, { headers: ADMIN, body: [{ key: 1, value: 'x' }] }), 400);
    const malformed = await client.call('POST', path, {
      headers: { ...ADMIN, 'content-type': 'application/json' },
      rawBody: '[{',
    });
    expectError(malformed, 400, /Malformed/);
  });

  it('409 when the host already has an instance', async () => {
    const host = take(survey, 'RUNNING');
    const body = fixture('instance_properties_post_request.json');
    expectError(await client.call('POST', instancePath(host, '/properties'), { headers: ADMIN, body }), 409);
  });

  it('500 in the vendor shape when the console registry cannot open a console', async () => {
    const stubbed = await startWithConsoles('comodit', createComoditSimulator, stubConsoles('no VNC today'), {
      vms: HOSTS,
    });
    const other = labClient(stubbed.info);
    try {
      expectError(
        await other.call('GET', instancePath(take(survey, 'RUNNING'), '/vnc'), { headers: ADMIN }),
        500,
        /no VNC today/,
      );
    } finally {
      await other.close();
      await stubbed.stop();
    }
  });
});
