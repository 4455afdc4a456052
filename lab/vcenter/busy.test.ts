import { describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import type { FlavourId } from './flavour';
import { bringTo, expectError, ordinaryMachines, powerPath } from './vcenter-asserts';
import { pollUntil, useVcenterLab } from './test-support';

/** RESOURCE_BUSY needs an operation in flight: at a time scale of 0.25 a reset holds its machine for 500 ms. */

const env = useVcenterLab({ vms: 100, timeScale: 0.25 });

const post = (path: string, body?: unknown) =>
  env.client.call('POST', path, { headers: env.admin, ...(body ? { body } : {}) });

describe('a machine busy with a power operation', () => {
  it('refuses power, guest power and guest processes with RESOURCE_BUSY (500 in /api, 400 in /rest)', async () => {
    const vm = env.client.sample('linuxDemo');
    const list = () =>
      post(`/api/vcenter/vm/${vm}/guest/processes?action=list`, {
        credentials: env.client.guestCredentials(),
      });
    expect((await list()).status).toBe(200);
    const resetting = post(powerPath('api', vm, 'reset'));
    // The reset is in flight as soon as the guest stops answering with 200.
    const processes = await pollUntil(list, (answer) => answer.status !== 200);
    expectError(processes, 'api', 500, 'RESOURCE_BUSY');
    expectError(await post(powerPath('rest', vm, 'suspend')), 'rest', 400, 'RESOURCE_BUSY');
    expectError(await post(powerPath('api', vm, 'stop')), 'api', 500, 'RESOURCE_BUSY');
    expectError(await post(`/api/vcenter/vm/${vm}/guest/power?action=shutdown`), 'api', 500, 'RESOURCE_BUSY');
    expect((await resetting).status).toBe(204);
  });

  it('of two concurrent starts, one powers the machine on and the other is refused', async () => {
    const samples = Object.values(env.lab.vendor('vcenter').extra ?? {});
    const vm = (await ordinaryMachines(env.client, env.admin, samples))();
    await bringTo(env.client, env.admin, vm, 'POWERED_OFF');
    const flavours: FlavourId[] = ['api', 'rest'];
    const answers: LabAnswer[] = await Promise.all(
      flavours.map((flavour) => post(powerPath(flavour, vm, 'start'))),
    );
    const succeeded = answers.filter((answer) => answer.status === 204 || answer.status === 200);
    expect(succeeded).toHaveLength(1);
    const refused = answers.findIndex((answer) => answer.status >= 400);
    const flavour = flavours[refused] ?? 'api';
    expectError(answers[refused] as LabAnswer, flavour, flavour === 'api' ? 500 : 400, 'RESOURCE_BUSY');
  });
});
