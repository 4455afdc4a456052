import { describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import { pollUntil } from '../../../lab/vcenter/test-support';
import { powerState } from '../../../lab/vcenter/vcenter-asserts';
import type { Connector } from '../types';
import type { GuestIdentity, VmSummary } from './mapping';
import { listAll, refusal, run, useTestbed } from './test-support';

// 60 machines in all give vCenter 24, among them one of each special kind (template, inaccessible, locked...).
const env = useTestbed(60);

const sample = (kind: string): string => env.testbed.client.sample(kind);
const labGet = async (path: string): Promise<unknown> =>
  (await env.testbed.client.call('GET', `/api/vcenter/${path}`, { headers: env.testbed.admin })).json;
const labPower = (vm: string): Promise<string> => powerState(env.testbed.client, env.testbed.admin, vm);
const ids = (connector: Connector, machine: Machine): string[] => connector.actions(machine).map((a) => a.id);

/** A machine row by vCenter id, from a fresh listing (which also tells the connector whose Tools run). */
async function listed(connector: Connector): Promise<(vm: string) => Machine> {
  const { rows } = await listAll(connector);
  return (vm) => {
    const machine = rows.get(vm);
    if (!machine) throw new Error(`${vm} was not listed`);
    return machine;
  };
}

/** Running machines without a special role, whose Tools answered during the listing. */
async function ordinaryRunning(connector: Connector): Promise<Machine[]> {
  const specials = new Set(Object.entries(env.testbed.lab.vendor('vcenter').extra ?? {}).map(([, v]) => v));
  const { rows } = await listAll(connector);
  return [...rows.values()].filter(
    (m) => m.power === 'running' && !specials.has(m.vendorId) && ids(connector, m).includes('shutdown'),
  );
}

describe('inventory', () => {
  it('maps every machine as vCenter lists it, with the guest identity of running ones', async () => {
    const connector = await env.testbed.connector('auto');
    const { rows } = await listAll(connector);
    const truth = (await labGet('vm')) as VmSummary[];
    expect(rows.size).toBe(truth.length);
    const power: Record<string, string> = {
      POWERED_ON: 'running',
      POWERED_OFF: 'stopped',
      SUSPENDED: 'suspended',
    };
    for (const s of truth)
      expect(rows.get(s.vm)).toMatchObject({
        vendor: 'vcenter',
        kind: 'vm',
        vendorId: s.vm,
        name: s.name,
        power: power[s.power_state],
        vendorState: s.power_state,
        cpu: s.cpu_count,
        memoryMiB: s.memory_size_MiB,
        tags: [],
      });
    const demo = rows.get(sample('linuxDemo'));
    const identity = (await labGet(`vm/${sample('linuxDemo')}/guest/identity`)) as GuestIdentity;
    expect(demo?.id).toBe(`${demo?.profileId}/${sample('linuxDemo')}`);
    expect(demo?.addresses).toEqual([identity.ip_address]);
    expect(demo?.os).toBe(identity.full_name?.default_message);
    expect(demo?.os).toMatch(/Linux|Ubuntu|Red Hat|Debian|SUSE|CentOS|Rocky|Alma|Oracle/);
    // Listed without breaking the rest: a template (off), an inaccessible machine (no cpu or memory), no Tools.
    expect(rows.get(sample('template'))).toMatchObject({ power: 'stopped', addresses: [] });
    expect(rows.get(sample('inaccessible'))).toMatchObject({ cpu: undefined, memoryMiB: undefined });
    expect(rows.get(sample('noTools'))).toMatchObject({ power: 'running', addresses: [], os: undefined });
  });

  it('offers what each state allows, guest actions only where VMware Tools run', async () => {
    const connector = await env.testbed.connector('api');
    const { rows } = await listAll(connector);
    for (const machine of rows.values()) {
      const expected =
        machine.power === 'stopped'
          ? ['start']
          : machine.power === 'suspended'
            ? ['start', 'stop']
            : machine.vendorId === sample('noTools')
              ? ['suspend', 'reset', 'stop']
              : ['shutdown', 'reboot', 'suspend', 'reset', 'stop'];
      expect(ids(connector, machine), machine.name).toEqual(expected);
    }
    const running = connector.actions(rows.get(sample('linuxDemo')) as Machine);
    expect(running.filter((a) => a.disruptive).map((a) => a.id)).toEqual(['shutdown', 'reset', 'stop']);
    expect(running.every((a) => a.options.length === 0 && a.label && a.description)).toBe(true);
    expect(connector.actions({ ...(rows.get(sample('linuxDemo')) as Machine), power: 'unknown' })).toEqual(
      [],
    );
  });

  it.each(['api', 'rest'] as const)(
    'details in /%s: every record that answers, refusals recorded',
    async (flavour) => {
      const connector = await env.testbed.connector(flavour);
      const row = await listed(connector);
      const demo = await connector.details(row(sample('linuxDemo')));
      expect(demo).toMatchObject({
        vm: { name: row(sample('linuxDemo')).name, cpu: { count: row(sample('linuxDemo')).cpu } },
        power: { state: 'POWERED_ON' },
        'guest.identity': { ip_address: row(sample('linuxDemo')).addresses[0] },
        tools: { run_state: 'RUNNING' },
      });
      expect(demo.errors).toBeUndefined();

      const broken = await connector.details(row(sample('inaccessible')));
      expect(broken.tools).toMatchObject({ run_state: 'NOT_RUNNING' });
      expect(broken.errors).toMatchObject({
        vm: { message: expect.stringMatching(/cannot be accessed/) as unknown },
        power: { status: flavour === 'api' ? 500 : 400 },
        'guest.identity': { status: 503 },
      });
      await expect(
        connector.details({ ...row(sample('linuxDemo')), vendorId: 'vm-99999' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    },
  );
});

describe.each([
  ['api', 'linuxDemo'],
  ['rest', 'windowsDemo'],
] as const)('power in /%s', (flavour, kind) => {
  it('follows every action to its final state', async () => {
    const connector = await env.testbed.connector(flavour);
    const vm = sample(kind);
    let machine = (await listed(connector))(vm);
    const step = async (action: string, state: string, power: string): Promise<string[]> => {
      const outcome = await run(connector, machine, action);
      expect(outcome).toMatchObject({
        power,
        vendorState: state,
        message: expect.stringContaining(machine.name) as unknown,
      });
      expect(await labPower(vm)).toBe(state);
      machine = { ...machine, power: outcome.power as Machine['power'], vendorState: state };
      return outcome.progress;
    };

    expect(await step('reboot', 'POWERED_ON', 'running')).toContainEqual(
      expect.stringMatching(/Waiting for the guest of .* to restart/),
    );
    expect(await step('shutdown', 'POWERED_OFF', 'stopped')).toContainEqual(
      expect.stringMatching(/Waiting for the guest of .* to shut down/),
    );
    expect(await labGet(`vm/${vm}/power`)).toEqual({ state: 'POWERED_OFF', clean_power_off: true });
    await step('start', 'POWERED_ON', 'running');
    await step('suspend', 'SUSPENDED', 'suspended');
    expect(ids(connector, machine)).toEqual(['start', 'stop']);
    await step('start', 'POWERED_ON', 'running');
    await step('reset', 'POWERED_ON', 'running');
    await step('stop', 'POWERED_OFF', 'stopped');
    expect(await labGet(`vm/${vm}/power`)).toEqual({ state: 'POWERED_OFF', clean_power_off: false });
    await step('start', 'POWERED_ON', 'running');
    await step('suspend', 'SUSPENDED', 'suspended');
    await step('stop', 'POWERED_OFF', 'stopped');
  });

  it('says why vCenter refuses, in a sentence, with its answer kept', async () => {
    const connector = await env.testbed.connector(flavour);
    const row = await listed(connector);
    const machine = row(sample(kind));
    expect(machine.power).toBe('stopped');
    const name = machine.name;
    const wire = (error: string): { status: number; body: unknown } => ({
      status: 400,
      body: expect.objectContaining(
        flavour === 'api'
          ? { error_type: error }
          : { type: `com.vmware.vapi.std.errors.${error.toLowerCase()}` },
      ) as unknown,
    });

    expect(await refusal(run(connector, machine, 'stop'))).toMatchObject({
      code: 'CONFLICT',
      message: `${name} is already powered off.`,
      details: wire('ALREADY_IN_DESIRED_STATE'),
    });
    expect(await refusal(run(connector, machine, 'suspend'))).toMatchObject({
      message: `${name} cannot be suspended while it is powered off.`,
      details: wire('NOT_ALLOWED_IN_CURRENT_STATE'),
    });
    expect((await refusal(run(connector, machine, 'reset'))).message).toBe(
      `${name} cannot be reset while it is powered off.`,
    );
    // A real vCenter answers NOT_ALLOWED_IN_CURRENT_STATE here, not ALREADY_IN_DESIRED_STATE.
    expect((await refusal(run(connector, machine, 'shutdown'))).message).toBe(
      `${name} cannot be shut down while it is powered off.`,
    );
    await run(connector, machine, 'start');
    expect((await refusal(run(connector, machine, 'start'))).message).toBe(`${name} is already powered on.`);

    const template = await refusal(run(connector, row(sample('template')), 'start'));
    expect(template).toMatchObject({ code: 'UNSUPPORTED', details: wire('UNSUPPORTED') });
    expect(template.message).toMatch(/cannot be powered on: vCenter does not support it\. .*template/);
    expect((await refusal(run(connector, row(sample('locked')), 'start'))).message).toMatch(
      /files are in use/,
    );
    const oversized = await refusal(run(connector, row(sample('oversized')), 'start'));
    expect(oversized.message).toMatch(/cannot be powered on: there are not enough resources/);
    expect(oversized.details).toMatchObject({ status: flavour === 'api' ? 500 : 400 });
    expect((await refusal(run(connector, row(sample('inaccessible')), 'start'))).message).toMatch(
      /vCenter cannot read its configuration/,
    );
    const noTools = row(sample('noTools'));
    expect(await refusal(run(connector, noTools, 'shutdown'))).toMatchObject({
      message: `VMware Tools are not running in ${noTools.name}, so its guest cannot be shut down. Wait for the Tools to start, or use Power off.`,
      details: { status: 503 },
    });
    expect(await labPower(sample('noTools'))).toBe('POWERED_ON');
  });
});

describe('refusals that depend on who and when', () => {
  it('the read-only account may list but not change anything', async () => {
    const connector = await env.testbed.connector('api', 'readonly');
    const [machine] = await ordinaryRunning(connector);
    if (!machine) throw new Error('no ordinary running machine');
    expect(await refusal(run(connector, machine, 'suspend'))).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: `This vCenter account is not allowed to suspend ${machine.name}: it lacks the privilege (read-only account?).`,
      details: { status: 403, body: expect.objectContaining({ error_type: 'UNAUTHORIZED' }) as unknown },
    });
    expect(await labPower(machine.vendorId)).toBe('POWERED_ON');
  });

  it('a machine busy with a guest shutdown refuses another operation', async () => {
    const connector = await env.testbed.connector('api');
    const [, machine] = await ordinaryRunning(connector);
    if (!machine) throw new Error('no ordinary running machine');
    const { client, admin } = env.testbed;
    const sent = await client.call(
      'POST',
      `/api/vcenter/vm/${machine.vendorId}/guest/power?action=shutdown`,
      {
        headers: admin,
      },
    );
    expect(sent.status).toBe(204);
    expect(await refusal(run(connector, machine, 'suspend'))).toMatchObject({
      code: 'CONFLICT',
      message: `${machine.name} is busy with another operation: try again once it has finished.`,
      details: { status: 500, body: expect.objectContaining({ error_type: 'RESOURCE_BUSY' }) as unknown },
    });
    expect(
      await pollUntil(
        () => labPower(machine.vendorId),
        (s) => s === 'POWERED_OFF',
      ),
    ).toBe('POWERED_OFF');
  });
});

describe('cancellation', () => {
  it('cancels only before the call is sent; afterwards vCenter goes on and Vantage stops watching', async () => {
    const connector = await env.testbed.connector('api');
    const [, , first, second] = await ordinaryRunning(connector);
    if (!first || !second) throw new Error('not enough ordinary running machines');

    const before = new AbortController();
    before.abort();
    expect(await refusal(run(connector, first, 'suspend', before.signal))).toMatchObject({
      code: 'CANCELLED',
    });
    expect(await labPower(first.vendorId)).toBe('POWERED_ON');

    const during = new AbortController();
    const progress: string[] = [];
    const outcome = await connector.perform(
      second,
      'shutdown',
      {},
      (update) => {
        progress.push(update.message);
        if (update.message.startsWith('Waiting')) during.abort();
      },
      during.signal,
    );
    expect(outcome).toMatchObject({
      power: 'transitioning',
      message: expect.stringMatching(/^Stopped watching .*: its guest goes on with the shutdown/) as unknown,
    });
    expect(progress).toContainEqual(expect.stringMatching(/vCenter cannot cancel this once sent/));
    expect(
      await pollUntil(
        () => labPower(second.vendorId),
        (s) => s === 'POWERED_OFF',
      ),
    ).toBe('POWERED_OFF');
  });

  it('names an action vCenter does not have', async () => {
    const connector = await env.testbed.connector('api');
    const [machine] = await ordinaryRunning(connector);
    if (!machine) throw new Error('no ordinary running machine');
    expect(await refusal(run(connector, machine, 'hibernate'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
