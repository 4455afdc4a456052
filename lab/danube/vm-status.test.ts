import { describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import { MISSING_ISO, RESCUE_CD } from './data';
import { detail, envelope, useSignedIn } from './test-support';

describe('Danube VM status actions', () => {
  const t = useSignedIn();
  const put = (
    hostname: string,
    action: string,
    as: Record<string, string>,
    body?: unknown,
  ): Promise<LabAnswer> =>
    t.s.call('PUT', `/api/vm/${hostname}/status/${action ? `${action}/` : ''}`, {
      as,
      ...(body ? { body } : {}),
    });
  const statusOf = async (hostname: string, dc = ''): Promise<string> => {
    const answer = await t.s.call('GET', `/api/vm/${hostname}/status/${dc}`, { as: t.admin });
    return (envelope(answer).result as { status: string }).status;
  };
  const refused = (answer: LabAnswer, status: number, message: unknown): void => {
    expect(answer.status, answer.text).toBe(status);
    expect(detail(answer)).toEqual(message);
  };
  /** Runs a queued task to its end and answers its final status. */
  const finish = async (answer: LabAnswer, as: Record<string, string>): Promise<LabAnswer> => {
    expect(answer.status, answer.text).toBe(201);
    return t.s.waitForTask(envelope(answer).task_id, as);
  };

  it('stops: `stopping` at once, `stopped` when the task ends', async () => {
    const hostname = t.s.vms.running;
    const queued = await put(hostname, 'stop', t.user);
    expect(queued.status).toBe(201);
    expect(envelope(queued)).toMatchObject({ status: 'PENDING', result: null });
    expect(await statusOf(hostname)).toBe('stopping');
    const done = await t.s.waitForTask(envelope(queued).task_id, t.user);
    expect(done.status).toBe(200);
    expect(envelope(done).result).toEqual({
      message: `Successfully completed stop for VM ${hostname}`,
      returncode: 0,
    });
    expect(await statusOf(hostname)).toBe('stopped');
    const log = (
      await t.s.call('GET', `/api/task/log/?page=1&object_type=vm&object_name=${hostname}`, { as: t.user })
    ).json as { results: { msg: string; status: string; detail: string }[] };
    expect(log.results.slice(0, 3)).toEqual([
      expect.objectContaining({ msg: 'Status of server changed', status: 'SUCCESS', detail: 'stopped' }),
      expect.objectContaining({ msg: 'Stop server', status: 'SUCCESS' }),
      expect.objectContaining({ msg: 'Stop server', status: 'PENDING' }),
    ]);
  });

  it('an unreachable node: 400 FAILURE "Task queue worker (<node>) is not responding!", as the code does', async () => {
    const worker: unknown = expect.stringMatching(
      /^Task queue worker \(node\d+\.local\) is not responding!$/,
    );
    for (const action of ['stop', 'reboot']) {
      const answer = await put(t.s.vms.onUnreachableNode, action, t.user);
      expect(answer.status).toBe(400);
      expect(envelope(answer)).toMatchObject({ status: 'FAILURE', result: worker });
    }
    // Unknown actions are not even routed (the URL pattern lists the four).
    expect((await put(t.s.vms.onUnreachableNode, 'pause', t.user)).status).toBe(404);
    // A read is still served from the DB.
    expect(await statusOf(t.s.vms.onUnreachableNode)).toBe('running');
    const current = await t.s.call('GET', `/api/vm/${t.s.vms.onUnreachableNode}/status/current/`, {
      as: t.user,
    });
    expect(envelope(current)).toMatchObject({ status: 'FAILURE', result: worker });
  });

  it('then the VM: 423 "VM is not operational" unless running, stopped, stopping or frozen', async () => {
    for (const hostname of [t.s.vms.notcreated, t.s.vms.deploying, t.s.vms.notready, t.s.vms.error]) {
      refused(await put(hostname, 'start', t.admin), 423, 'VM is not operational');
      // Even a PUT without action: this check comes before "Bad action".
      refused(await put(hostname, '', t.admin), 423, 'VM is not operational');
    }
    refused(
      await t.s.call('GET', `/api/vm/${t.s.vms.notcreated}/status/current/`, { as: t.user }),
      423,
      'VM is not operational',
    );
  });

  it('then 417 "Bad action" for what the state does not allow', async () => {
    refused(await put(t.s.vms.zone, '', t.user), 417, 'Bad action');
    refused(await put(t.s.vms.zone, 'start', t.user), 417, 'Bad action');
    refused(await put(t.s.vms.frozen, 'start', t.admin), 417, 'Bad action');
    refused(await put(t.s.vms.frozen, 'reboot', t.admin), 417, 'Bad action');
    refused(await put(t.s.vms.stopping, 'reboot', t.user), 417, 'Bad action');
    refused(await put(t.s.vms.updateNeeded, 'reboot', t.user), 417, 'Bad action');
    refused(await put(t.s.vms.updateNeeded, 'start', t.user, { freeze: true }), 417, 'Bad action');
  });

  it('freezes a stopped VM and unfreezes it at once, for admins only (403 otherwise)', async () => {
    const hostname = t.s.vms.frozen;
    refused(
      await put(hostname, 'stop', t.user, { unfreeze: true }),
      403,
      'You do not have permission to perform this action.',
    );
    const thawed = await put(hostname, 'stop', t.admin, { unfreeze: true });
    expect(thawed.status).toBe(200);
    expect(envelope(thawed).result).toEqual({ message: `Removing frozen status for VM ${hostname}.` });
    expect(envelope(thawed).task_id).toMatch(/^1d2d1-/);
    expect(await statusOf(hostname)).toBe('stopped');
    refused(
      await put(hostname, 'stop', t.user, { freeze: true }),
      403,
      'You do not have permission to perform this action.',
    );
    const frozen = await put(hostname, 'stop', t.admin, { freeze: 'true' });
    expect(envelope(frozen)).toMatchObject({
      status: 'SUCCESS',
      result: { message: `VM ${hostname} is already stopped. Changing status to frozen.` },
    });
    expect(await statusOf(hostname)).toBe('frozen');
    const log = (await t.s.call('GET', '/api/task/log/', { as: t.admin })).json as { results: object[] };
    expect(log.results[0]).toMatchObject({
      msg: 'Status of server changed',
      detail: 'frozen',
      object_name: hostname,
    });
  });

  it('refuses to stop the DC`s internal VMs: 428', async () => {
    refused(
      await t.s.call('PUT', '/api/dc/admin/vm/mgmt01.local/status/stop/', { as: t.admin }),
      428,
      "Internal VM can't be stopped",
    );
    refused(
      await put('mgmt01.local', 'reboot', t.admin, { dc: 'admin' }),
      428,
      "Internal VM can't be stopped",
    );
  });

  it('validates ISO images (400 FAILURE) and lets a plain user boot only the rescue CD (428)', async () => {
    const hostname = t.s.vms.stopped;
    const bad = await put(hostname, 'start', t.user, {
      cdimage: 'nope.iso',
      cdimage2: 'windows-server-2022.iso',
    });
    expect(bad.status).toBe(400);
    expect(envelope(bad)).toMatchObject({
      status: 'FAILURE',
      result: {
        cdimage: ['Select a valid choice. nope.iso is not one of the available choices.'],
        cdimage2: ['Select a valid choice. windows-server-2022.iso is not one of the available choices.'],
      },
    });
    refused(
      await put(hostname, 'start', t.user, { cdimage: 'debian-12.5.0-amd64-netinst.iso' }),
      428,
      'VM is not installed',
    );
    const rescue = await finish(
      await put(hostname, 'start', t.user, { cdimage: RESCUE_CD, cdimage_once: false }),
      t.user,
    );
    expect(rescue.status).toBe(200);
    const log = (await t.s.call('GET', '/api/task/log/?page=1&status=PENDING', { as: t.user })).json as {
      results: { msg: string; detail: string }[];
    };
    expect(log.results[0]).toMatchObject({
      msg: 'Start server from CD image',
      detail: `cdimage=${RESCUE_CD}`,
    });
  });

  it('fails on the node when the ISO is missing there: task FAILURE, HTTP 400, status unchanged', async () => {
    const hostname = t.s.vms.updateNeeded;
    const failed = await finish(
      await put(hostname, 'start', t.admin, { cdimage: MISSING_ISO, update: false }),
      t.admin,
    );
    expect(failed.status).toBe(400);
    const message = `ISO image ${MISSING_ISO} is not available on compute node`;
    expect(envelope(failed)).toMatchObject({
      status: 'FAILURE',
      result: { returncode: 9, message, detail: `Got bad return code (9). Error: ${message}` },
    });
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('409 for an update while the VM has pending tasks; the update applies once they end', async () => {
    const hostname = t.s.vms.updateNeeded;
    const reading = await t.s.call('GET', `/api/vm/${hostname}/status/current/`, { as: t.user });
    expect(reading.status).toBe(201);
    refused(await put(hostname, 'start', t.user), 409, 'VM has pending tasks');
    await t.s.waitForTask(envelope(reading).task_id, t.user);
    const started = await finish(await put(hostname, 'start', t.user), t.user);
    expect(envelope(started).result).toEqual({
      message: `Successfully updated VM ${hostname}\nSuccessfully started VM ${hostname}`,
      returncode: 0,
    });
    const vm = envelope(await t.s.call('GET', `/api/vm/${hostname}/`, { as: t.user })).result as {
      changed: boolean;
    };
    expect(vm.changed).toBe(false);
  });

  it('428 when the update needs the VM stopped first; 417 for a disk resize with snapshots', async () => {
    refused(await put(t.s.vms.osUpdateNeeded, 'start', t.user), 428, 'VM must be updated first');
    expect(
      (await finish(await put(t.s.vms.osUpdateNeeded, 'start', t.user, { update: false }), t.user)).status,
    ).toBe(200);
    refused(await put(t.s.vms.osUpdateRunning, 'stop', t.user, { update: true }), 417, 'VM has snapshots');
    refused(await put(t.s.vms.osUpdateRunning, 'reboot', t.user), 417, 'VM has snapshots');
  });

  it('on a stopping VM: 428 with update, 423 without force, a forced stop goes through', async () => {
    const hostname = t.s.vms.stopping;
    refused(
      await put(hostname, 'stop', t.user, { update: true }),
      428,
      'Cannot perform update while VM is stopping',
    );
    refused(await put(hostname, 'stop', t.user), 423, 'VM is already stopping; try to use force');
    const forced = await finish(await put(hostname, 'stop', t.user, { force: true }), t.user);
    expect(forced.status).toBe(200);
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('validates the stop timeout (400 FAILURE) and honours it for a guest that ignores shutdown', async () => {
    const hostname = t.s.vms.slowWindows;
    const bad = await put(hostname, 'stop', t.user, { timeout: 'soon' });
    expect(bad.status).toBe(400);
    expect(envelope(bad)).toMatchObject({
      status: 'FAILURE',
      result: { timeout: ['Enter a whole number.'] },
    });
    const queued = await put(hostname, 'stop', t.user, { timeout: 5 });
    const details = await t.s.call('GET', `/api/task/${envelope(queued).task_id}/`, { as: t.user });
    expect(details.json).toMatchObject({ action: 'stop', force: false, timeout: 5, update: false });
    expect((await finish(queued, t.user)).status).toBe(200);
    expect(await statusOf(hostname)).toBe('stopped');
  });

  it('reboots with force and with update: stopping, then running again', async () => {
    const hostname = t.s.vms.drifted;
    const forced = await put(hostname, 'reboot', t.user, { force: true, timeout: 30 });
    expect(await statusOf(hostname)).toBe('stopping');
    const details = await t.s.call('GET', `/api/task/${envelope(forced).task_id}/`, { as: t.user });
    expect(details.json).toMatchObject({ action: 'reboot', force: true });
    expect(details.json).not.toHaveProperty('timeout');
    expect(envelope(await finish(forced, t.user)).result).toEqual({
      message: `Successfully completed reboot for VM ${hostname}`,
      returncode: 0,
    });
    expect(await statusOf(hostname)).toBe('running');
    const updated = await finish(await put(t.s.vms.updateNeeded, 'reboot', t.user), t.user);
    expect(envelope(updated).status).toBe('SUCCESS');
    refused(await put(t.s.vms.adminOwned, 'stop', t.user), 404, 'VM not found');
  });

  it('refuses a second task on the same VM lock: 400 FAILURE "Task did not acquire lock"', async () => {
    const hostname = t.s.vms.osUpdateNeeded;
    expect(await statusOf(hostname)).toBe('running');
    const first = await put(hostname, 'stop', t.user);
    const second = await put(hostname, 'stop', t.user, { force: true });
    expect(second.status).toBe(201);
    const third = await put(hostname, 'stop', t.user, { force: true });
    expect(third.status).toBe(400);
    expect(envelope(third)).toMatchObject({ status: 'FAILURE', result: 'Task did not acquire lock' });
    await t.s.waitForTask(envelope(first).task_id, t.user);
    await t.s.waitForTask(envelope(second).task_id, t.user);
  });
});

describe('Danube current status', () => {
  const t = useSignedIn({ seed: 7 });

  const current = (hostname: string, method: string, as: Record<string, string>, body?: unknown) =>
    t.s.call(method, `/api/vm/${hostname}/status/current/`, { as, ...(body ? { body } : {}) });

  it('GET reads the node and corrects a known status that drifted', async () => {
    const done = await t.s.waitForTask(
      envelope(await current(t.s.vms.drifted, 'GET', t.user)).task_id,
      t.user,
    );
    expect(envelope(done).result).toEqual({
      hostname: t.s.vms.drifted,
      status: 'stopped',
      status_changed: true,
      message: '',
    });
    const status = envelope(await t.s.call('GET', `/api/vm/${t.s.vms.drifted}/status/`, { as: t.user }));
    expect((status.result as { status: string }).status).toBe('stopped');
  });

  it('PUT is for admins (403), needs force (428), and repairs a stuck VM', async () => {
    const hostname = t.s.vms.deploying;
    expect(detail(await current(hostname, 'PUT', t.user, { force: true }))).toBe(
      'You do not have permission to perform this action.',
    );
    const noForce = await current(hostname, 'PUT', t.admin);
    expect(noForce.status).toBe(428);
    expect(detail(noForce)).toBe('Force parameter must be used!');
    const queued = await current(hostname, 'PUT', t.admin, { force: true });
    expect(queued.status).toBe(201);
    const again = await current(hostname, 'PUT', t.admin, { force: true });
    expect(again.status).toBe(409);
    expect(detail(again)).toBe('VM has pending tasks');
    const done = await t.s.waitForTask(envelope(queued).task_id, t.admin);
    expect(envelope(done).result).toMatchObject({ status: 'running', status_changed: true });
    expect(
      (
        envelope(await t.s.call('GET', `/api/vm/${hostname}/status/`, { as: t.admin })).result as {
          status: string;
        }
      ).status,
    ).toBe('running');
  });

  it('PUT refuses a frozen VM (423); a VM on an unreachable node fails to queue (400)', async () => {
    expect(detail(await current(t.s.vms.frozen, 'PUT', t.admin, { force: true }))).toBe(
      'VM is not operational',
    );
    const down = await current(t.s.vms.onUnreachableNode, 'PUT', t.admin, { force: true });
    expect(down.status).toBe(400);
    expect(envelope(down).result).toMatch(/^Task queue worker \(.*\) is not responding!$/);
  });
});
