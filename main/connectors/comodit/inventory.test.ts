import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { Connector } from '../types';
import type { ComoditProperty } from './records';
import {
  labHostPath,
  labInstances,
  listAll,
  startComoditLab,
  type ComoditTestLab,
  type LabHostRecord,
} from './test-support';

// The listing and its mapping against the lab over HTTPS, checked against what the lab's own API says.
let t: ComoditTestLab;
let admin: Connector;
let truth: LabHostRecord[];
let listed: { machines: Machine[]; pages: number };

beforeAll(async () => {
  t = await startComoditLab(1500); // 300 ComodIT hosts
  admin = await t.connector();
  truth = await labInstances(t);
  listed = await listAll(admin);
});
afterAll(() => t.close());

const property = (properties: readonly ComoditProperty[] | undefined, key: string): string | undefined =>
  properties?.find((p) => p.key === key)?.value;
const byName = (name: string): Machine | undefined => listed.machines.find((m) => m.name === name);
const firstIn = (state: string, extra: (r: LabHostRecord) => boolean = () => true): LabHostRecord => {
  const record = truth.find((r) => r.instance.state === state && extra(r));
  if (!record) throw new Error(`the lab holds no ${state} instance`);
  return record;
};

describe('ComodIT listing', () => {
  it('lists every instance of every organization the user sees, once, as pages', () => {
    expect(truth.length).toBeGreaterThan(200);
    expect(listed.machines).toHaveLength(truth.length);
    expect(new Set(listed.machines.map((m) => m.id)).size).toBe(truth.length);
    expect(listed.pages).toBeGreaterThan(1);
    expect(new Set(listed.machines.map((m) => m.name))).toEqual(new Set(truth.map((r) => r.host.name)));
  });

  it('maps hosts and instances: name, power, state, platform, addresses, size, OS and tags', () => {
    const powers = { RUNNING: 'running', STOPPED: 'stopped', PAUSED: 'paused', UNDEFINED: 'unknown' };
    for (const [state, power] of Object.entries(powers)) {
      const { host, instance } = firstIn(
        state,
        (r) => property(r.instance.properties, 'publicIp') !== undefined || state !== 'RUNNING',
      );
      const machine = byName(host.name);
      const publicIp = property(instance.properties, 'publicIp');
      expect(machine).toEqual({
        id: `${machine?.profileId}/${host.organization}/${host.environment}/${host.name}`,
        profileId: expect.any(String) as string,
        vendor: 'comodit',
        vendorId: `${host.organization}/${host.environment}/${host.name}`,
        kind: 'instance',
        name: host.name,
        power,
        vendorState: state,
        host: host.platform,
        addresses: [property(instance.properties, 'ip.eth0'), ...(publicIp ? [publicIp] : [])],
        cpu: Number(property(instance.properties, 'vcpus')),
        memoryMiB: Number(property(instance.properties, 'memory')),
        os: host.distribution,
        tags: [host.organization, host.environment],
        scope: [host.organization, host.environment],
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      });
    }
    const running = firstIn('RUNNING', (r) => property(r.instance.properties, 'publicIp') !== undefined);
    expect(byName(running.host.name)?.addresses).toHaveLength(2);
  });

  it('shows a host being provisioned as a machine in transition', async () => {
    const defined = (
      (await t.client.call('GET', '/api/organizations/Globex/hosts', { headers: t.adminHeaders })).json as {
        items: { name: string; state: string; organization: string; environment: string }[];
      }
    ).items.find((h) => h.state === 'DEFINED');
    if (!defined) throw new Error('the lab holds no host without an instance');
    expect(byName(defined.name)).toBeUndefined();
    const provisioned = await t.client.call('POST', `${labHostPath(defined)}/instance`, {
      headers: t.adminHeaders,
    });
    expect(provisioned.status).toBe(200);
    const { machines } = await listAll(await t.connector({ organization: 'Globex' }));
    expect(machines.find((m) => m.name === defined.name)).toMatchObject({
      power: 'transitioning',
      vendorState: 'PENDING',
    });
  });

  it('keeps to the organization and environment of the profile', async () => {
    const expected = truth.filter((r) => r.host.organization === 'Acme Corp' && r.host.environment === 'QA');
    expect(expected.length).toBeGreaterThan(0);
    for (const scope of [{ organization: 'Acme Corp', environment: 'QA' }, { environment: 'QA' }]) {
      const { machines } = await listAll(await t.connector(scope));
      const wanted = scope.organization ? expected : truth.filter((r) => r.host.environment === 'QA');
      expect(machines.map((m) => m.name).sort()).toEqual(wanted.map((r) => r.host.name).sort());
    }
  });

  it('says so in a sentence when the organization is not the user’s', async () => {
    const refused = await listAll(await t.connector({ organization: 'Initech' })).catch(
      (e: unknown) => e as VantageError,
    );
    expect(refused).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(
        /^Lab ComodIT refused: .*Access denied to organization Initech/,
      ) as string,
      details: { status: 403, body: { error: ['Access denied to organization Initech'] } },
    });
  });

  it('stops when the listing is cancelled', async () => {
    const controller = new AbortController();
    let seen = 0;
    const stopped = admin
      .listMachines((page) => {
        seen += page.length;
        controller.abort();
      }, controller.signal)
      .catch((e: unknown) => e as VantageError);
    expect(await stopped).toMatchObject({ code: 'CANCELLED' });
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(truth.length);
  });
});

describe('ComodIT details and actions', () => {
  it('gives the host, the instance and its properties as ComodIT answered them', async () => {
    const { host, instance } = firstIn('RUNNING');
    const machine = byName(host.name) as Machine;
    const details = await admin.details(machine);
    expect(details.host).toMatchObject({
      name: host.name,
      platform: host.platform,
      applications: host.applications,
    });
    expect(details.instance).toEqual(instance);
    expect(details.properties).toMatchObject({
      'ip.eth0': property(instance.properties, 'ip.eth0'),
      vcpus: expect.any(String) as string,
    });
  });

  it('offers what each instance state allows', () => {
    const offered = (state: string): string[] =>
      admin
        .actions({ ...(byName(firstIn('RUNNING').host.name) as Machine), vendorState: state })
        .map((a) => a.id);
    expect(offered('RUNNING')).toEqual(['pause', 'shutdown', 'reboot', 'off']);
    expect(offered('STOPPED')).toEqual(['start']);
    expect(offered('PAUSED')).toEqual(['resume', 'off']);
    expect(offered('PENDING')).toEqual([]);
    expect(offered('UNDEFINED')).toEqual([]);
    const specs = admin.actions(byName(firstIn('RUNNING').host.name) as Machine);
    expect(specs.filter((s) => s.disruptive).map((s) => s.id)).toEqual(['shutdown', 'reboot', 'off']);
    expect(specs.every((s) => s.options.length === 0)).toBe(true);
  });
});
