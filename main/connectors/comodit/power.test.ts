import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageError } from '../../../common/errors';
import type { ActionProgress, Machine } from '../../../common/machines';
import type { Connector } from '../types';
import { comoditConnector } from '.';
import type { ComoditInstance } from './records';
import { labHostPath, listAll, startComoditLab, type ComoditTestLab } from './test-support';

// Every power action followed to its final state in the lab (time scale 0.02: a 20 s start takes 0.4 s).
let t: ComoditTestLab;
let admin: Connector;
let machines: Machine[];

beforeAll(async () => {
  t = await startComoditLab(250); // 50 ComodIT hosts
  admin = await t.connector();
  machines = (await listAll(admin)).machines;
});
afterAll(() => t.close());

/** The n-th listed machine in a state, so that each test has its own. */
const pick = (state: string, nth = 0): Machine => {
  const machine = machines.filter((m) => m.vendorState === state)[nth];
  if (!machine) throw new Error(`the lab holds no ${state} instance number ${nth}`);
  return machine;
};

const labPath = (machine: Machine): string => {
  const [organization = '', environment = '', name = ''] = machine.vendorId.split('/');
  return labHostPath({ organization, environment, name });
};

const labInstance = async (machine: Machine): Promise<ComoditInstance> =>
  (await t.client.call('GET', `${labPath(machine)}/instance`, { headers: t.adminHeaders }))
    .json as ComoditInstance;

const run = async (
  connector: Connector,
  machine: Machine,
  action: string,
  signal = new AbortController().signal,
) => {
  const updates: ActionProgress[] = [];
  const outcome = await connector.perform(machine, action, {}, (u) => updates.push(u), signal);
  return { outcome, updates };
};

const failure = (promise: Promise<unknown>): Promise<VantageError> =>
  promise.then(
    () => {
      throw new Error('the action was expected to fail');
    },
    (e: unknown) => e as VantageError,
  );

describe('ComodIT power actions', () => {
  it('pauses, resumes, reboots, shuts down, starts and powers off, each to its final state', async () => {
    const machine = pick('RUNNING');
    // Quick polls: a reboot is seen by its agent going Down for 0.4 s here, which a 3 s poll could miss.
    const quick = await t.connector({
      factory: (context) => comoditConnector(context, { intervalsMs: [25] }),
    });
    const steps = [
      ['pause', 'paused', 'PAUSED'],
      ['resume', 'running', 'RUNNING'],
      ['reboot', 'running', 'RUNNING'],
      ['shutdown', 'stopped', 'STOPPED'],
      ['start', 'running', 'RUNNING'],
      ['off', 'stopped', 'STOPPED'],
    ] as const;
    for (const [action, power, state] of steps) {
      const { outcome, updates } = await run(quick, machine, action);
      expect(outcome, action).toMatchObject({
        power,
        vendorState: state,
        message: expect.stringContaining(machine.name) as string,
      });
      expect(updates[0]?.message, action).toMatch(/accepted the request/);
      const now = await labInstance(machine);
      expect(now.state, action).toBe(state);
      if (action === 'reboot') {
        expect(now.synapseState).toBe('Up');
        expect(updates.some((u) => /RUNNING, agent Down/.test(u.message))).toBe(true);
      }
      if (action === 'start') expect(updates.some((u) => /PENDING/.test(u.message))).toBe(true);
    }
  });

  it('powers off a paused instance', async () => {
    const machine = pick('PAUSED');
    const { outcome } = await run(admin, machine, 'off');
    expect(outcome).toMatchObject({ power: 'stopped', vendorState: 'STOPPED' });
    expect((await labInstance(machine)).state).toBe('STOPPED');
  });

  it('gives ComodIT’s reason in a sentence when the state does not allow the action', async () => {
    const machine = pick('RUNNING', 1);
    const refused = await failure(run(admin, machine, 'start'));
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: `${machine.name} cannot start in its current state (ComodIT said: “Cannot start an instance in state RUNNING (expected STOPPED)”).`,
      details: {
        status: 409,
        body: { error: ['Cannot start an instance in state RUNNING (expected STOPPED)'] },
      },
    });
    const undefinedOne = await failure(run(admin, pick('UNDEFINED'), 'start'));
    expect(undefinedOne).toMatchObject({ code: 'CONFLICT', details: { status: 409 } });
    expect(undefinedOne.message).toMatch(/state UNDEFINED/);
  });

  it('says the instance is busy while another action runs', async () => {
    const machine = pick('RUNNING', 2);
    let accepted: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => (accepted = resolve));
    const shutdown = admin.perform(machine, 'shutdown', {}, accepted, new AbortController().signal);
    await sent;
    const busy = await failure(run(admin, machine, 'off'));
    expect(busy).toMatchObject({ code: 'CONFLICT', details: { status: 409 } });
    expect(busy.message).toMatch(/cannot power off in its current state .*busy: _stop is in progress/);
    expect((await shutdown).vendorState).toBe('STOPPED');
  });

  it('refuses the read-only user, with its reason, and changes nothing', async () => {
    const machine = pick('RUNNING', 3);
    const auditor = await t.connector({ user: 'auditor' });
    const refused = await failure(run(auditor, machine, 'shutdown'));
    expect(refused).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: `This ComodIT account may not shut down ${machine.name} (ComodIT said: “User auditor may not change anything”).`,
      details: { status: 403, body: { error: ['User auditor may not change anything'] } },
    });
    expect((await labInstance(machine)).state).toBe('RUNNING');
  });

  it('says when ComodIT no longer knows the machine', async () => {
    const machine = pick('RUNNING', 4);
    const gone = { ...machine, vendorId: machine.vendorId.replace(/[^/]+$/, 'gone-00000') };
    const refused = await failure(run(admin, gone, 'pause'));
    expect(refused).toMatchObject({
      code: 'NOT_FOUND',
      details: { status: 404, body: { error: ['Host not found: gone-00000'] } },
    });
    expect(refused.message).toMatch(/^ComodIT no longer knows /);
    expect((await failure(run(admin, machine, 'jump'))).code).toBe('INVALID_ARGUMENT');
  });

  it('cancels only before anything is sent: ComodIT cannot cancel an action', async () => {
    const machine = pick('RUNNING', 5);
    const controller = new AbortController();
    controller.abort();
    expect((await failure(run(admin, machine, 'off', controller.signal))).code).toBe('CANCELLED');
    expect((await labInstance(machine)).state).toBe('RUNNING');

    const later = new AbortController();
    const pausing = run(admin, machine, 'pause', later.signal);
    later.abort();
    expect((await pausing).outcome.vendorState).toBe('PAUSED');
  });

  it('gives up with a sentence when the final state does not come in time', async () => {
    const machine = pick('STOPPED');
    const impatient = await t.connector({
      factory: (context) => comoditConnector(context, { intervalsMs: [20], timeoutMs: 100 }),
    });
    const late = await failure(run(impatient, machine, 'start'));
    expect(late).toMatchObject({ code: 'TIMEOUT', details: { status: 200, body: { state: 'PENDING' } } });
    expect(late.message).toBe(
      `${machine.name} is still PENDING, agent Down 1 second after ComodIT accepted the request to start it. ` +
        'It may yet finish: check the host in ComodIT.',
    );
  });
});
