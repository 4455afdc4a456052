import { setTimeout as sleep } from 'node:timers/promises';

import { beforeAll, describe, expect, it } from 'vitest';

import type { FaultConfig } from '../core/faults';
import type { LabAnswer } from '../core/testing';
import type { FlavourId } from './flavour';
import { anyNumber, anyObject, expectError, powerPath, valueOf } from './vcenter-asserts';
import { pollUntil, useVcenterLab, type Headers, type VcenterTestClient } from './test-support';

const SESSION = { api: '/api/session', rest: '/rest/com/vmware/cis/session' } as const;

interface Trouble {
  /** Connections reset or bodies cut short: the call threw. */
  dropped: number;
  /** Injected 503 answers. */
  injected: number;
}

/** What a careful client does: retry what the network lost and what the service refused for a while. */
function carefulClient(client: VcenterTestClient, trouble: Trouble) {
  return async (method: string, path: string, headers: Headers, body?: unknown): Promise<LabAnswer> => {
    for (let attempt = 0; attempt < 25; attempt++) {
      let answer: LabAnswer;
      try {
        answer = await client.call(method, path, { headers, ...(body === undefined ? {} : { body }) });
      } catch {
        trouble.dropped++;
        continue;
      }
      if (answer.status !== 503) return answer;
      // An injected fault answers in the flavour of the path it hits.
      expect(answer.json).toEqual(
        path.startsWith('/rest/')
          ? {
              type: 'com.vmware.vapi.std.errors.service_unavailable',
              value: { error_type: 'SERVICE_UNAVAILABLE', messages: [anyObject] },
            }
          : { error_type: 'SERVICE_UNAVAILABLE', messages: [anyObject] },
      );
      trouble.injected++;
    }
    throw new Error(`${method} ${path}: still failing after 25 attempts`);
  };
}

/** Sign in, list, act, follow to completion, run a guest check, sign out. */
async function scenario(client: VcenterTestClient, flavour: FlavourId, trouble: Trouble): Promise<void> {
  const call = carefulClient(client, trouble);
  const login = await call('POST', SESSION[flavour], {
    ...client.basic(),
    'vmware-use-header-authn': 'true',
  });
  expect(login.status).toBe(flavour === 'api' ? 201 : 200);
  const headers = { 'vmware-api-session-id': String(valueOf(login, flavour)) };
  const base = `/${flavour}/vcenter/vm`;
  const filter = flavour === 'api' ? 'power_states' : 'filter.power_states';

  const vm = client.sample('linuxDemo');
  const running = valueOf(await call('GET', `${base}?${filter}=POWERED_ON`, headers), flavour) as {
    vm: string;
  }[];
  expect(running.map((s) => s.vm)).toContain(vm);

  const shutdown = await call('POST', `${base}/${vm}/guest/power?action=shutdown`, headers);
  expect(shutdown.status).toBe(flavour === 'api' ? 204 : 200);
  const power = () => call('GET', `${base}/${vm}/power`, headers);
  const off = await pollUntil(
    power,
    (a) => (valueOf(a, flavour) as { state: string }).state === 'POWERED_OFF',
  );
  expect(valueOf(off, flavour)).toEqual({ state: 'POWERED_OFF', clean_power_off: true });

  expect((await call('POST', powerPath(flavour, vm, 'start'), headers)).status).toBe(
    flavour === 'api' ? 204 : 200,
  );
  await pollUntil(
    () => call('GET', `${base}/${vm}/guest/power`, headers),
    (a) => (valueOf(a, flavour) as { operations_ready: boolean }).operations_ready,
  );

  const credentials = client.guestCredentials();
  const spec = { path: '/bin/systemctl', arguments: 'is-active nginx' };
  const created = await call('POST', `${base}/${vm}/guest/processes?action=create`, headers, {
    credentials,
    spec,
  });
  const pid = valueOf(created, flavour);
  expect(pid).toEqual(anyNumber);
  const exited = await pollUntil(
    () => call('POST', `${base}/${vm}/guest/processes/${String(pid)}?action=get`, headers, { credentials }),
    (a) => 'exit_code' in (valueOf(a, flavour) as object),
  );
  expect(valueOf(exited, flavour)).toMatchObject({ exit_code: 0 });

  expect((await call('DELETE', SESSION[flavour], headers)).status).toBe(flavour === 'api' ? 204 : 200);
  expectError(await call('GET', base, headers), flavour, 401, 'UNAUTHENTICATED');
}

describe('scenario', () => {
  const env = useVcenterLab({ vms: 60, timeScale: 0.005 });

  it.each<FlavourId>(['api', 'rest'])(
    '%s: sign in, list, shut down, start, check nginx, sign out',
    async (flavour) => {
      const trouble = { dropped: 0, injected: 0 };
      await scenario(env.client, flavour, trouble);
      expect(trouble).toEqual({ dropped: 0, injected: 0 });
    },
  );

  it('idle sessions expire after tokenLifetimeSec; each call restarts the clock', async () => {
    const before = await env.client.login();
    env.lab.setFaults('vcenter', { tokenLifetimeSec: 1 });
    const short = { api: await env.client.login('api'), rest: await env.client.login('rest') };
    // Three calls 400 ms apart outlive the 1 s lifetime only if each call restarts it.
    for (let i = 0; i < 3; i++) {
      await sleep(400);
      for (const flavour of ['api', 'rest'] as const)
        expect(
          (await env.client.call('GET', `/${flavour}/vcenter/datacenter`, { headers: short[flavour] }))
            .status,
        ).toBe(200);
    }
    await sleep(1200);
    for (const flavour of ['api', 'rest'] as const) {
      const answer = await env.client.call('GET', `/${flavour}/vcenter/datacenter`, {
        headers: short[flavour],
      });
      expectError(answer, flavour, 401, 'UNAUTHENTICATED');
    }
    // Sessions made before the fault keep the default idle timeout; signing in again works.
    expect((await env.client.call('GET', '/api/vcenter/datacenter', { headers: before })).status).toBe(200);
    expect((await env.client.call('GET', '/api/session', { headers: await env.client.login() })).status).toBe(
      200,
    );
    env.lab.setFaults('vcenter', {});
  });
});

describe('scenario with faults', () => {
  const faults: FaultConfig = {
    errorRate: 0.1,
    errorStatus: 503,
    resetRate: 0.1,
    truncateRate: 0.15,
    latencyMs: 2,
  };
  const env = useVcenterLab({ vms: 60, timeScale: 0.005 });
  // Faults from the first request on would also hit the helper's own sign-in.
  beforeAll(() => env.lab.setFaults('vcenter', faults));

  it('a careful client gets through resets, cut bodies and 503s in both flavours', async () => {
    const trouble = { dropped: 0, injected: 0 };
    await scenario(env.client, 'api', trouble);
    await scenario(env.client, 'rest', trouble);
    expect(trouble.dropped).toBeGreaterThan(0);
    expect(trouble.injected).toBeGreaterThan(0);
    const logged = env.lab.refusals().map((r) => r.reason);
    expect(logged).toContain('fault injection: connection reset');
    expect(logged).toContain('fault injection');
  });
});
