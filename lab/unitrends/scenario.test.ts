import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FaultConfig } from '../core/faults';
import { expectRetriedFaults, retrying, scenarioUnder, withFaults } from '../comodit/test-support';
import { startVendorLab, type LabClient } from '../core/testing';
import type { Lab } from '../lab';
import { listed, signIn, waitForItem, type Appliance } from './test-client';

let lab: Lab;

beforeAll(async () => {
  lab = await startVendorLab('unitrends', { vms: 1000 });
});

afterAll(() => lab.stop());

const withClient = (faults: FaultConfig, run: (client: LabClient) => Promise<void>): Promise<void> =>
  withFaults((f) => lab.setFaults('unitrends', f), lab.vendor('unitrends'), faults, run);

/** A session whose reads survive faults by retrying. */
function resilient(ueb: Appliance, seen: string[]): Appliance {
  return { ...ueb, get: (path) => retrying(() => ueb.get(path), seen) };
}

/**
 * Sign in, list candidates, start an instant recovery in audit mode, see it listed, go live, tear it down, sign out.
 */
async function scenario(client: LabClient, seen: string[]): Promise<void> {
  const ueb = resilient(await signIn(client), seen);
  const candidates = (await ueb.get('/api/virtual_clients/candidates/?sid=1')).json as {
    data: { candidates: { backup_id: number; client_name: string }[] }[];
  };
  const candidate = candidates.data[0]?.candidates[0];
  expect(candidate).toBeDefined();
  const started = await ueb.post('/api/restore/instant/?sid=1', {
    backup_id: candidate?.backup_id,
    audit: true,
    poweron: true,
    address: '10.0.0.50',
    target: {
      host: 'esx01.lab.local',
      name: `${candidate?.client_name ?? ''}-audit`,
      datastore: 'datastore1',
    },
  });
  expect(started.status).toBe(201);
  const id = (started.json as { result: { id: number; virtual_id: string }[] }).result[0]?.id ?? 0;
  expect(started.json).toEqual({ result: [{ id, virtual_id: `${id}.vm_ir` }] });

  await waitForItem(ueb, 'vm_ir', id, (i) => i.mode === 'Audit' && i.status === 'available');
  expect((await ueb.put(`/api/virtual_clients/live/start/${id}.vm_ir/?sid=1`)).json).toBe(true);
  const migrating = await waitForItem(ueb, 'vm_ir', id, () => true);
  expect(migrating).toMatchObject({ status: 'migrating', mode: 'Audit' });
  await waitForItem(ueb, 'vm_ir', id, (i) => i.mode === 'Instant Recovery' && i.status === 'available');

  expect((await ueb.del(`/api/virtual_clients/${id}.vm_ir/?sid=1`, { type: 'vm_ir' })).json).toBe(true);
  // Tearing down takes a moment; a slow, retried listing may only see the session gone.
  const tearing = (await listed(ueb, 'vm_ir')).find((i) => i.id === id);
  expect(['tearing down', undefined]).toContain(tearing?.status);
  expect(await waitForItem(ueb, 'vm_ir', id)).toBe('gone');

  expect((await ueb.post('/api/logout', {})).status).toBe(200);
  expect((await ueb.get('/api/virtual_clients/')).status).toBe(401);
}

const run = (faults: FaultConfig): Promise<string[]> =>
  scenarioUnder((f) => lab.setFaults('unitrends', f), lab.vendor('unitrends'), faults, scenario);

describe('Unitrends scenario', () => {
  it('login, candidates, audit IR, listed, live, tear down, logout', async () => {
    expect(await run({})).toEqual([]);
  });

  it('completes with faults on the listings, retrying the 503s and dropped connections', async () => {
    // Faults only where a retry is safe: a change cut short after it was made must not be sent twice.
    const listings = '^/api/virtual_clients/(candidates/)?$';
    expectRetriedFaults(
      await run({ latencyMs: 5, errorRate: 0.3, resetRate: 0.15, truncateRate: 0.15, pathPattern: listings }),
    );
  });

  it('an injected fault answers in the Unitrends error shape', async () => {
    await withClient({ errorRate: 1, errorStatus: 503 }, async (client) => {
      const answer = await client.call('POST', '/api/login', {
        body: { username: 'root', password: 'unitrends1' },
      });
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({
        result: [{ code: 503, message: expect.stringMatching(/503/) as string }],
      });
    });
  });

  it('sessions slide with use, expire when idle with 401, and the login says how long they last', async () => {
    await withClient({ tokenLifetimeSec: 0.5 }, async (client) => {
      const login = await client.call('POST', '/api/login', {
        body: { username: 'root', password: 'unitrends1' },
      });
      expect(login.json).toMatchObject({ timeout: 1 });
      const ueb = await signIn(client);
      for (let i = 0; i < 3; i++) {
        await sleep(300);
        expect((await ueb.get('/api/systems/')).status).toBe(200);
      }
      await sleep(600);
      const expired = await ueb.get('/api/systems/');
      expect(expired.status).toBe(401);
      expect(expired.json).toEqual({
        result: [{ code: 401, message: 'Your session has expired. Please log in again.' }],
      });
    });
  });
});
