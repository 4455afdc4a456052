import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActionProgress } from '../../../common/machines';
import type { LabAnswer } from '../../../lab/core/testing';

import type { Connector } from '../types';
import { machineOf, openDanubeLab, refusalOf, run, type DanubeLab } from './test-lab';

let t: DanubeLab;
let admin: Connector;
let user: Connector;

beforeAll(async () => {
  t = await openDanubeLab({ vms: 1000, timeScale: 0.02 });
  admin = await t.connector('admin');
  user = await t.connector('user');
});
afterAll(() => t.close());

const vm = (role: string): string => t.vms[role] ?? '';
const statusOf = async (hostname: string): Promise<string> =>
  (await t.result<{ status: string }>(`/api/vm/${hostname}/status/`)).status;
const logOf = async (hostname: string): Promise<{ msg: string; status: string; detail: string }[]> => {
  const answer = await t.raw('GET', `/api/task/log/?page=1&object_type=vm&object_name=${hostname}`);
  return (answer.json as { results: { msg: string; status: string; detail: string }[] }).results;
};
const TASK_ID = /^\d+e\d+d\d+-[0-9a-f]{8}-/;

describe('Danube power actions, followed to their end', () => {
  it('stops with force and a timeout, starts from a CD image once, and reboots', async () => {
    const hostname = vm('running');
    const stopped = await run(admin, hostname, 'stop', { force: true, timeout: 30 });
    expect(stopped.outcome).toEqual({
      message: `${hostname} is stopped.`,
      power: 'stopped',
      vendorState: 'stopped',
    });
    expect(stopped.progress[0]?.vendorTaskId).toMatch(TASK_ID);
    expect(await statusOf(hostname)).toBe('stopped');
    expect((await logOf(hostname)).map((l) => `${l.msg}/${l.status}`)).toContain('Force server stop/SUCCESS');

    const started = await run(admin, hostname, 'start', { cdimage: 'rescuecd.iso', cdimage_once: 'yes' });
    expect(started.outcome).toMatchObject({ power: 'running', vendorState: 'running' });
    expect(await statusOf(hostname)).toBe('running');
    expect(await logOf(hostname)).toContainEqual(
      expect.objectContaining({
        msg: 'Start server from CD image',
        status: 'PENDING',
        detail: 'cdimage=rescuecd.iso',
      }),
    );

    const rebooted = await run(admin, hostname, 'reboot', { force: false });
    expect(rebooted.outcome).toEqual({
      message: `${hostname} rebooted and is running.`,
      power: 'running',
      vendorState: 'running',
    });
    expect((await logOf(hostname))[1]).toMatchObject({ msg: 'Reboot server', status: 'SUCCESS' });
  });

  it('waits for a guest that ignores ACPI as long as the timeout says', async () => {
    const hostname = vm('slowWindows');
    let task: Promise<LabAnswer> | undefined;
    const { outcome } = await run(
      user,
      hostname,
      'stop',
      { timeout: 5 },
      {
        onProgress: (p) => {
          task ??= t.raw('GET', `/api/task/${p.vendorTaskId ?? ''}/`);
        },
      },
    );
    expect(outcome.vendorState).toBe('stopped');
    // The pending task's apiview shows what Danube was asked.
    expect((await task)?.json).toMatchObject({ action: 'stop', force: false, timeout: 5 });
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('applies a pending configuration change when starting', async () => {
    const hostname = vm('updateNeeded');
    const before = await t.result<{ vcpus: number }>(`/api/vm/${hostname}/?active=true`);
    const defined = await t.result<{ vcpus: number }>(`/api/vm/${hostname}/define/`);
    expect(before.vcpus).not.toBe(defined.vcpus);
    const { outcome } = await run(user, hostname, 'start');
    expect(outcome.message).toBe(`${hostname} is running, with its configuration change applied.`);
    const after = await t.result<{ vcpus: number; changed: boolean }>(`/api/vm/${hostname}/?active=true`);
    expect(after).toMatchObject({ vcpus: defined.vcpus, changed: false });
  });

  it('stops into frozen, unfreezes, and freezes a stopped VM at once', async () => {
    const hostname = vm('zone');
    const frozen = await run(user, hostname, 'stop', { freeze: true });
    expect(frozen.outcome).toMatchObject({ power: 'stopped', vendorState: 'frozen' });
    expect(await statusOf(hostname)).toBe('frozen');
    const thawed = await run(admin, hostname, 'unfreeze');
    expect(thawed.outcome).toMatchObject({ power: 'stopped', vendorState: 'stopped' });
    // Synchronous answers (200 SUCCESS): no task to follow.
    expect(thawed.progress).toEqual([]);
    expect(await statusOf(hostname)).toBe('stopped');
    await run(admin, hostname, 'freeze');
    expect(await statusOf(hostname)).toBe('frozen');
  });

  it('forces the stop of a VM that is already stopping', async () => {
    const hostname = vm('stopping');
    const refused = await refusalOf(user, hostname, 'stop');
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already stopping: choose “force”/) as string,
      details: { status: 423, body: { detail: 'VM is already stopping; try to use force' } },
    });
    await run(user, hostname, 'stop', { force: true });
    expect(await statusOf(hostname)).toBe('stopped');
  });
});

describe('Danube status from the node', () => {
  it('corrects a status that drifted', async () => {
    const hostname = vm('drifted');
    expect(await statusOf(hostname)).toBe('running');
    const { outcome } = await run(user, hostname, 'status-current');
    expect(outcome).toEqual({
      message: `The node reports ${hostname} as stopped: Danube Cloud corrected its record.`,
      power: 'stopped',
      vendorState: 'stopped',
    });
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('confirms a status that is right', async () => {
    const { outcome } = await run(user, vm('stopped'), 'status-current');
    expect(outcome).toMatchObject({ message: `The node confirms that ${vm('stopped')} is stopped.` });
  });

  it('lets an administrator overwrite a stuck status, and refuses a plain user', async () => {
    const refused = await refusalOf(user, vm('error'), 'status-current-force');
    expect(refused).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: `This account lacks the permission to overwrite the recorded status of ${vm('error')}. Danube Cloud said: “You do not have permission to perform this action.”`,
      details: { status: 403, body: { detail: 'You do not have permission to perform this action.' } },
    });
    const hostname = vm('deploying');
    // Without force the published API answers 428: the refusal names the forced form to offer instead.
    const plain = await refusalOf(admin, hostname, 'status-current-force');
    expect(plain).toMatchObject({
      code: 'CONFLICT',
      details: {
        status: 428,
        body: { detail: 'Force parameter must be used!' },
        retryForm: { actionId: 'status-current-force', options: { force: true } },
      },
    });
    expect((plain as { message: string }).message).toContain(
      'an administrator may repeat it with “Force the change”',
    );
    expect(await statusOf(hostname)).toBe('deploying');
    const { outcome } = await run(admin, hostname, 'status-current-force', { force: true });
    expect(outcome).toMatchObject({ power: 'running', vendorState: 'running' });
    expect(await statusOf(hostname)).toBe('running');
  });
});

describe('Danube refusals, in plain words with the raw answer', () => {
  const refusal = (status: number, detail: string, code = 'CONFLICT') => ({
    code,
    details: { status, body: { detail } },
  });

  it('the node does not answer (400 FAILURE, as esdc-ce does), or the VM is not operational (423)', async () => {
    const node = await refusalOf(user, vm('onUnreachableNode'), 'stop');
    expect(node).toMatchObject({ code: 'UNREACHABLE', details: { status: 400 } });
    expect((node as Error).message).toMatch(
      /^The compute node node\d+\.local of .* does not answer Danube Cloud, so it cannot stop .* now: check the node, then try again\. Danube Cloud said: “Task queue worker \(node\d+\.local\) is not responding!”$/,
    );
    const notReady = await refusalOf(admin, vm('notready'), 'start');
    expect(notReady).toMatchObject(refusal(423, 'VM is not operational'));
    expect((notReady as Error).message).toBe(
      `Danube Cloud cannot start ${vm('notready')} while it is not ready (stopped): the VM is not operational. Danube Cloud said: “VM is not operational”`,
    );
  });

  it('417: not possible in this state, or snapshots in the way of an update', async () => {
    const frozen = await refusalOf(admin, vm('frozen'), 'start');
    expect(frozen).toMatchObject(refusal(417, 'Bad action'));
    expect((frozen as Error).message).toMatch(/cannot start .* while it is frozen/);
    expect(await refusalOf(admin, vm('osUpdateRunning'), 'reboot')).toMatchObject(
      refusal(417, 'VM has snapshots'),
    );
  });

  it('428: update first, internal VMs, and CD images a plain user may not boot', async () => {
    const update = await refusalOf(user, vm('osUpdateNeeded'), 'start');
    expect(update).toMatchObject(refusal(428, 'VM must be updated first'));
    expect((update as Error).message).toMatch(/until an administrator updates the VM/);
    // Without the update it starts, keeping the disk it has.
    const { outcome } = await run(user, vm('osUpdateNeeded'), 'start', { update: 'no' });
    expect(outcome.message).toBe(`${vm('osUpdateNeeded')} is running.`);
    expect(await t.result(`/api/vm/${vm('osUpdateNeeded')}/`)).toMatchObject({ changed: true });
    const internal = await refusalOf(await t.connector('admin', 'admin'), 'mgmt01.local', 'stop');
    expect(internal).toMatchObject(refusal(428, "Internal VM can't be stopped"));
    const iso = await refusalOf(user, vm('stopped'), 'start', {
      cdimage: 'ubuntu-22.04.4-live-server-amd64.iso',
    });
    expect(iso).toMatchObject(refusal(428, 'VM is not installed', 'PERMISSION_DENIED'));
    expect(await statusOf(vm('stopped'))).toBe('stopped');
  });

  it('400: an unknown CD image is refused; a missing one fails on the node', async () => {
    const hostname = vm('stopped');
    const unknown = await refusalOf(admin, hostname, 'start', { cdimage: 'nope.iso' });
    expect(unknown).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('cdimage: Select a valid choice. nope.iso') as string,
      details: { status: 400, body: { status: 'FAILURE' } },
    });
    const missing = await refusalOf(admin, hostname, 'start', { cdimage: 'archlinux-2019.05.01-x86_64.iso' });
    expect(missing).toMatchObject({
      code: 'UPSTREAM',
      message: `Danube Cloud could not start ${hostname}: the node answered “ISO image archlinux-2019.05.01-x86_64.iso is not available on compute node”`,
      details: { status: 400, body: { status: 'FAILURE', result: { returncode: 9 } } },
    });
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('404: a VM that is gone', async () => {
    const gone = { ...(await machineOf(admin, vm('running'))), vendorId: 'gone.example.com' };
    const error = await admin
      .perform(gone, 'start', {}, () => undefined, new AbortController().signal)
      .catch((e: unknown) => e);
    expect(error).toMatchObject(refusal(404, 'VM not found', 'NOT_FOUND'));
  });
});

describe('Danube cancellation', () => {
  it('cancels a running task when asked, and the VM keeps its state', async () => {
    const hostname = vm('slowWindows');
    await run(user, hostname, 'start');
    const controller = new AbortController();
    const progress: string[] = [];
    // A guest that ignores ACPI holds the stop for the whole hour: only a cancel ends it early.
    const onProgress = (p: ActionProgress): void => {
      progress.push(p.vendorTaskId ?? '');
      controller.abort();
    };
    const error = await run(
      user,
      hostname,
      'stop',
      { timeout: 3600 },
      { signal: controller.signal, onProgress },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED', details: { status: 410, body: { status: 'REVOKED' } } });
    expect(progress[0]).toMatch(TASK_ID);
    expect(await statusOf(hostname)).toBe('running');
    expect((await logOf(hostname))[0]).toMatchObject({ msg: 'Stop server', status: 'REVOKED' });
  });

  it('sends nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const hostname = vm('adminOwned');
    const machine = await machineOf(admin, hostname);
    await expect(
      admin.perform(machine, 'stop', {}, () => undefined, controller.signal),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await statusOf(hostname)).toBe('running');
  });
});

describe('Danube pending tasks (a lab in real time)', () => {
  let slow: DanubeLab;
  beforeAll(async () => {
    slow = await openDanubeLab({ vms: 80, timeScale: 1 });
  });
  afterAll(() => slow.close());

  it('409 while another task runs on a VM with a pending change; 400 lock for a second start', async () => {
    const hostname = slow.vms.updateNeeded ?? '';
    const queued = await slow.raw('PUT', `/api/vm/${hostname}/status/start/`, { update: false });
    expect(queued.status).toBe(201);
    const connector = await slow.connector('admin');
    const pending = await refusalOf(connector, hostname, 'start');
    expect(pending).toMatchObject({
      code: 'CONFLICT',
      details: { status: 409, body: { detail: 'VM has pending tasks' } },
    });
    expect((pending as Error).message).toMatch(/has pending tasks: wait until they end/);
    const locked = await refusalOf(connector, hostname, 'start', { update: false });
    expect(locked).toMatchObject({
      code: 'CONFLICT',
      details: { status: 400, body: { result: 'Task did not acquire lock' } },
    });
  });
});
