import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseInstanceProperties } from '../../../common/contract/instances';
import type { Machine } from '../../../common/machines';
import type { Connector } from '../types';
import type { ComoditHost } from './records';
import { labHostPath, listAll, startComoditLab, type ComoditTestLab } from './test-support';

// Instance records (seed 001) against the ComodIT lab: read, VNC access without the token, created from properties.
let t: ComoditTestLab;
let admin: Connector;
/** A RUNNING host instance, the source of the properties copied. */
let source: Machine;

beforeAll(async () => {
  t = await startComoditLab(250); // 50 ComodIT hosts
  admin = await t.connector();
  const found = (await listAll(admin)).machines.find((m) => m.vendorState === 'RUNNING');
  if (!found) throw new Error('the lab holds no RUNNING instance');
  source = found;
});
afterAll(() => t.close());

/** Hosts without an instance (DEFINED), through the lab's own API. */
async function hostsWithoutInstance(): Promise<ComoditHost[]> {
  const headers = t.adminHeaders;
  const orgs = (await t.client.call('GET', '/api/organizations', { headers })).json as {
    items: { name: string }[];
  };
  const hosts: ComoditHost[] = [];
  for (const org of orgs.items) {
    const page = (
      await t.client.call('GET', `/api/organizations/${encodeURIComponent(org.name)}/hosts`, { headers })
    ).json as { items: ComoditHost[] };
    hosts.push(...page.items.filter((h) => h.state === 'DEFINED'));
  }
  return hosts;
}

describe('ComodIT instance records', () => {
  it('reads state, properties and the VNC host and port, never the token', async () => {
    const view = await admin.instances?.read(source);
    expect(view?.state).toBe('RUNNING');
    expect(view?.properties.length).toBeGreaterThan(0);
    expect(view?.vnc).toEqual({ host: expect.any(String) as string, port: expect.any(Number) as number });
    expect(Object.keys(view?.vnc ?? {}).sort()).toEqual(['host', 'port']);
    expect(JSON.stringify(view)).not.toMatch(/token|password/i);
  });

  it('creates the record of a host without an instance from another host’s properties, without provisioning', async () => {
    const copied = await admin.instances?.read(source);
    const [target] = await hostsWithoutInstance();
    if (!copied || !target) throw new Error('the lab holds no host without an instance');
    const ref = { organization: target.organization, environment: target.environment, host: target.name };
    const created = await admin.instances?.createRecord(ref, copied.properties);
    expect(created).toMatchObject({ state: 'UNDEFINED', properties: copied.properties });
    const lab = await t.client.call('GET', `${labHostPath(target)}/instance`, { headers: t.adminHeaders });
    expect(lab.json).toMatchObject({ state: 'UNDEFINED', properties: copied.properties });

    // A second time the host has one: refused in words.
    await expect(admin.instances?.createRecord(ref, copied.properties)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already has an instance/) as string,
    });
  });

  it('refuses a read-only account in the vendor’s words', async () => {
    const auditor = await t.connector({ user: 'auditor' });
    const [target] = await hostsWithoutInstance();
    if (!target) throw new Error('the lab holds no host without an instance');
    const ref = { organization: target.organization, environment: target.environment, host: target.name };
    await expect(
      auditor.instances?.createRecord(ref, [{ key: 'mac', value: '00:50:56:2C:92:E1' }]),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
  });
});

describe('a pasted property list', () => {
  it('takes the seed’s list or a whole instance', () => {
    const list = [{ key: 'mac', value: '00:50:56:2C:92:E1' }];
    expect(parseInstanceProperties(JSON.stringify(list))).toEqual({ ok: true, properties: list });
    expect(parseInstanceProperties(JSON.stringify({ state: 'RUNNING', properties: list }))).toEqual({
      ok: true,
      properties: list,
    });
  });

  it('says what is wrong before anything is sent', () => {
    expect(parseInstanceProperties('[{')).toEqual({ ok: false, error: 'This is not JSON.' });
    expect(parseInstanceProperties('[{"key": "mac", "value": 5}]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at 0\.value/) as string,
    });
    expect(parseInstanceProperties('[]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/At least one/) as string,
    });
    expect(parseInstanceProperties('[{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]')).toMatchObject(
      { ok: false, error: expect.stringMatching(/Each key once/) as string },
    );
  });
});
