import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FaultConfig } from '../core/faults';
import type { LabAnswer, LabClient } from '../core/testing';
import { createComoditSimulator } from './index';
import { ADMIN, instancePath, waitForState, type HostRef } from './test-client';
import {
  expectRetriedFaults,
  retrying,
  scenarioUnder,
  startWithConsoles,
  stubConsoles,
  withFaults,
  type StubbedVendor,
} from './test-support';

interface Collection<T> {
  total: number;
  items: T[];
}

let lab: StubbedVendor;

beforeAll(async () => {
  lab = await startWithConsoles('comodit', createComoditSimulator, stubConsoles(), {
    vms: 200,
    timeScale: 0.01,
  });
});

afterAll(() => lab.stop());

/** Calls that survive faults by retrying. */
const resilient =
  (client: LabClient, seen: string[]) =>
  (method: string, path: string): Promise<LabAnswer> =>
    retrying(() => client.call(method, path, { headers: ADMIN }), seen);

/** List organizations, environments and hosts, shut a running instance down, start it again, open its console. */
async function scenario(client: LabClient, seen: string[]): Promise<void> {
  const call = resilient(client, seen);
  const orgs = (await call('GET', '/api/organizations/')).json as Collection<{ name: string }>;
  const org = orgs.items[0]?.name ?? '';
  const enc = encodeURIComponent(org);
  const envs = (await call('GET', `/api/organizations/${enc}/environments/`)).json as Collection<{
    name: string;
  }>;
  expect(envs.items.map((e) => e.name)).toContain('Production');
  const hosts = (await call('GET', `/api/organizations/${enc}/environments/Production/hosts/`))
    .json as Collection<{ name: string }>;
  expect(hosts.total).toBe(hosts.items.length);

  let host: HostRef | undefined;
  for (const item of hosts.items) {
    const ref = { org, env: 'Production', name: item.name };
    const instance = await call('GET', instancePath(ref));
    if ((instance.json as { state?: string } | undefined)?.state === 'RUNNING') {
      host = ref;
      break;
    }
  }
  if (!host) throw new Error('no running instance in Production');

  expect((await call('PUT', instancePath(host, '/_shutdown'))).status).toBe(202);
  const stopped = await waitForState((path) => call('GET', path), host, 'STOPPED');
  expect(stopped.json).toMatchObject({ synapseState: 'Down' });
  expect((await call('PUT', instancePath(host, '/_start'))).status).toBe(202);
  expect((await call('GET', instancePath(host))).json).toMatchObject({ state: 'PENDING' });
  await waitForState((path) => call('GET', path), host, 'RUNNING');
  const vnc = await call('GET', instancePath(host, '/vnc'));
  expect(vnc.status).toBe(200);
  expect(typeof (vnc.json as { port: unknown }).port).toBe('string');
}

const withClient = (faults: FaultConfig, run: (client: LabClient) => Promise<void>): Promise<void> =>
  withFaults((f) => lab.setFaults(f), lab.info, faults, run);

const run = (faults: FaultConfig): Promise<string[]> =>
  scenarioUnder((f) => lab.setFaults(f), lab.info, faults, scenario);

describe('ComodIT scenario', () => {
  it('lists, shuts down, polls to STOPPED, starts again and opens the console', async () => {
    expect(await run({})).toEqual([]);
  });

  it('completes through latency, 503s, resets and truncated bodies, retrying what they broke', async () => {
    const before = lab.refusals().length;
    expectRetriedFaults(await run({ latencyMs: 5, errorRate: 0.3, resetRate: 0.15, truncateRate: 0.15 }));
    const injected = lab
      .refusals()
      .slice(before)
      .map((r) => r.reason);
    expect(injected.length).toBeGreaterThan(0);
    for (const reason of injected) expect(reason).toMatch(/^fault injection/);
  });

  it('a reset or a truncated body fails the call instead of hanging or parsing half a body', async () => {
    for (const faults of [{ resetRate: 1 }, { truncateRate: 1 }]) {
      await withClient(faults, async (client) => {
        await expect(client.call('GET', '/api/organizations', { headers: ADMIN })).rejects.toThrow(/closed/);
      });
    }
  });

  it('an injected fault answers in the ComodIT error shape', async () => {
    await withClient({ errorRate: 1, errorStatus: 502 }, async (client) => {
      const answer = await client.call('GET', '/api/organizations', { headers: ADMIN });
      expect(answer.status).toBe(502);
      expect(answer.json).toEqual({ error: [expect.stringMatching(/502/)] });
    });
  });

  it('an expired JWT is refused with 401 until a new one is verified', async () => {
    await withClient({ tokenLifetimeSec: 0.3 }, async (client) => {
      const totp = { ...ADMIN, 'x-comodit-totptoken': lab.info.extra?.totpCode ?? '' };
      const jwt = (
        (await client.call('GET', '/api/account/_verify', { headers: totp })).json as { jwtToken: string }
      ).jwtToken;
      const headers = { 'x-comodit-jwttoken': jwt };
      expect((await client.call('GET', '/api/organizations', { headers })).status).toBe(200);
      await sleep(400);
      const expired = await client.call('GET', '/api/organizations', { headers });
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual({ error: ['JWT token expired'] });
      const renewed = await client.call('GET', '/api/account/_verify', { headers: totp });
      expect(renewed.status).toBe(200);
    });
  });
});
