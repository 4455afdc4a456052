import { beforeEach, describe, expect, it } from 'vitest';

import { createPausableTime } from '../core/clock';
import { detail, envelope, fixture, useSignedIn, shapeProblems } from './test-support';

describe('Danube tasks', () => {
  // Lab time stands still in every test, so a task queued at a 0.02 time scale (a start takes 80 ms) stays pending
  // for as long as a loaded machine needs to observe it; tests that want a task to end let time run.
  const time = createPausableTime();
  const t = useSignedIn({ now: time.now });
  beforeEach(() => time.pause());

  it('follows a start from 201 PENDING to 200 SUCCESS, as documented', async () => {
    const hostname = t.s.vms.stopped;
    const queued = await t.s.call('PUT', `/api/vm/${hostname}/status/start/`, { as: t.user });
    expect(queued.status).toBe(201);
    const taskId = envelope(queued).task_id;

    const pending = await t.s.call('GET', `/api/task/${taskId}/status/`, { as: t.user });
    const pendingExample = fixture('es_get_task_status_pending');
    expect(pending.status).toBe(pendingExample.status);
    expect(pending.json).toEqual({ ...(pendingExample.text as object), task_id: taskId });
    expect((await t.s.call('GET', `/api/task/${taskId}/state/`, { as: t.user })).status).toBe(201);

    const notDone = await t.s.call('GET', `/api/task/${taskId}/done/`, { as: t.user });
    expect(notDone.status).toBe(fixture('es_get_task_done').status);
    expect(notDone.json).toEqual({ done: false, task_id: taskId });

    const list = await t.s.call('GET', '/api/task/', { as: t.user });
    expect(shapeProblems(fixture('es_get_task_list').text, list.json)).toEqual([]);
    expect(list.json).toContain(taskId);

    const details = await t.s.call('GET', `/api/task/${taskId}/`, { as: t.user });
    const detailsExample = fixture('es_get_task_details');
    expect(details.status).toBe(detailsExample.status);
    expect(shapeProblems(detailsExample.text, details.json, { $: ['freeze', 'unfreeze', 'update'] })).toEqual(
      [],
    );
    expect(details.json).toMatchObject({
      method: 'PUT',
      hostname,
      action: 'start',
      view: 'vm_status',
      task_id: taskId,
    });

    time.resume();
    const done = await t.s.waitForTask(taskId, t.user);
    const doneExample = fixture('es_set_vm_status_start');
    expect(done.status).toBe(doneExample.status);
    expect(shapeProblems(doneExample.text, done.json)).toEqual([]);
    expect(envelope(done).result).toEqual({ message: `Successfully started VM ${hostname}`, returncode: 0 });
    expect((await t.s.call('GET', `/api/task/${taskId}/done/`, { as: t.user })).json).toEqual({
      task_id: taskId,
      done: true,
    });
    expect((await t.s.call('GET', '/api/task/', { as: t.user })).json).not.toContain(taskId);
    const gone = await t.s.call('GET', `/api/task/${taskId}/`, { as: t.user });
    expect(gone.status).toBe(404);
    expect(detail(gone)).toBe('Task does not exist');
  });

  it('cancels a pending task: 410 REVOKED "terminated", and the VM keeps its status', async () => {
    const hostname = t.s.vms.adminOwned;
    const taskId = envelope(
      await t.s.call('PUT', `/api/vm/${hostname}/status/stop/`, { as: t.admin }),
    ).task_id;
    const stopping = envelope(await t.s.call('GET', `/api/vm/${hostname}/status/`, { as: t.admin }));
    expect((stopping.result as { status: string }).status).toBe('stopping');

    const notCreator = await t.s.call('PUT', `/api/task/${taskId}/cancel/`, { as: t.user });
    expect(notCreator.status).toBe(403);
    expect(detail(notCreator)).toBe('Permission denied');

    const cancelled = await t.s.call('PUT', `/api/task/${taskId}/cancel/`, { as: t.admin });
    const example = fixture('es_set_task_cancel_revoked');
    expect(cancelled.status).toBe(example.status);
    expect(cancelled.json).toEqual({ ...(example.text as object), task_id: taskId });
    const status = envelope(await t.s.call('GET', `/api/vm/${hostname}/status/`, { as: t.admin }));
    expect((status.result as { status: string }).status).toBe('running');
    expect((await t.s.call('GET', `/api/task/${taskId}/status/`, { as: t.admin })).status).toBe(410);
    const again = await t.s.call('PUT', `/api/task/${taskId}/cancel/`, { as: t.admin });
    expect(again.status).toBe(406);
    expect(detail(again)).toBe('Task cannot be canceled');
  });

  it('refuses dummy task ids (404), malformed or foreign ones (403); unknown ones stay PENDING', async () => {
    const dummy = envelope(await t.s.call('GET', '/api/vm/', { as: t.user })).task_id;
    const answer = await t.s.call('GET', `/api/task/${dummy}/status/`, { as: t.user });
    expect(answer.status).toBe(404);
    expect(detail(answer)).toBe('Task does not exist (anymore)');
    // Celery has no "unknown": a well-formed id without a result is PENDING, indefinitely.
    const unknown = '2e2d1-00000000-0000-4000-8000';
    const pending = await t.s.call('GET', `/api/task/${unknown}/status/`, { as: t.user });
    expect(pending.status).toBe(201);
    expect(pending.json).toEqual({ status: 'PENDING', result: null, task_id: unknown });
    const notDone = await t.s.call('GET', `/api/task/${unknown}/done/`, { as: t.user });
    expect(notDone.json).toEqual({ task_id: unknown, done: false });
    const adminTask = envelope(
      await t.s.call('GET', `/api/vm/${t.s.vms.adminOwned}/status/current/`, { as: t.admin }),
    );
    for (const taskId of [
      '0-6f75849b-fdaf-4e6e-b580',
      'nonsense',
      '2e2d9-00000000-0000-4000-8000',
      adminTask.task_id,
    ]) {
      const answer = await t.s.call('GET', `/api/task/${taskId}/status/`, { as: t.user });
      expect(answer.status, taskId).toBe(403);
      expect(detail(answer)).toBe('Permission denied');
    }
  });

  it('deletes a task only for a SuperAdmin, and only with force', async () => {
    const taskId = envelope(
      await t.s.call('GET', `/api/vm/${t.s.vms.running}/status/current/`, { as: t.user }),
    ).task_id;
    expect(detail(await t.s.call('DELETE', `/api/task/${taskId}/`, { as: t.user }))).toBe(
      'Permission denied',
    );
    const unsafe = await t.s.call('DELETE', `/api/task/${taskId}/`, { as: t.admin });
    expect(unsafe.status).toBe(406);
    expect(detail(unsafe)).toBe('Safe task deletion is not implemented');
    const forced = await t.s.call('DELETE', `/api/task/${taskId}/`, { as: t.admin, body: { force: true } });
    expect(forced.status).toBe(200);
    expect(forced.json).toBe('Delete pending');
  });

  it('writes the task log: the last lines like the example, newest first', async () => {
    const answer = await t.s.call('GET', '/api/task/log/', { as: t.admin });
    const example = fixture('es_get_task_log');
    expect(answer.status).toBe(example.status);
    // The cached lines also carry task_type and flag (api/task/log.py `log`).
    expect(shapeProblems(example.text, answer.json, { '$.results[]': ['task_type', 'flag'] })).toEqual([]);
    const lines = (answer.json as { results: { time: string; msg: string }[] }).results;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(10);
    const times = lines.map((line) => Date.parse(line.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(lines.map((line) => line.msg)).toContain('Stop server');
  });

  it('pages the task log with filters, and refuses bad ones', async () => {
    const page = await t.s.call('GET', '/api/task/log/?page=1&status=SUCCESS&order_by=time', { as: t.admin });
    expect(page.status).toBe(200);
    const body = page.json as {
      count: number;
      next: unknown;
      previous: unknown;
      results: Record<string, string>[];
    };
    expect(Object.keys(body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(body.previous).toBeNull();
    expect(body.results.every((line) => line.status === 'SUCCESS')).toBe(true);
    const times = body.results.map((line) => Date.parse(line.time ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const mine = envelope(await t.s.call('GET', '/api/vm/', { as: t.user })).result as string[];
    const userLog = (await t.s.call('GET', '/api/task/log/?page=1', { as: t.user })).json as typeof body;
    expect(userLog.results.length).toBeGreaterThan(0);
    expect(userLog.results.every((line) => mine.includes(line.object_name ?? ''))).toBe(true);

    const bad = await t.s.call('GET', '/api/task/log/?page=1&status=BOGUS', { as: t.admin });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      status: ['Select a valid choice. BOGUS is not one of the available choices.'],
    });
    const nameOnly = await t.s.call('GET', '/api/task/log/?page=1&object_name=web', { as: t.admin });
    expect(nameOnly.json).toEqual({
      object_type: ['object_type attribute is required when filtering by object_name.'],
    });
    const past = await t.s.call('GET', '/api/task/log/?page=999', { as: t.admin });
    expect(past.status).toBe(404);
    expect(detail(past)).toBe('Invalid page.');
  });

  it('counts the task log for admins only', async () => {
    const answer = await t.s.call('GET', '/api/task/log/stats/?last=86400', { as: t.admin });
    const example = fixture('es_get_task_log_stats');
    expect(answer.status).toBe(example.status);
    expect(shapeProblems(example.text, answer.json)).toEqual([]);
    expect((answer.json as { succeeded: number }).succeeded).toBeGreaterThan(0);
    expect(detail(await t.s.call('GET', '/api/task/log/stats/', { as: t.user }))).toBe('Permission denied');
    const bad = await t.s.call('GET', '/api/task/log/stats/?last=soon', { as: t.admin });
    expect(bad.status).toBe(412);
    expect(detail(bad)).toBe('Invalid "last" parameter');
  });

  it('streams the task to its end when ES-STREAM asks for the synchronous mode', async () => {
    time.resume();
    const answer = await t.s.call('PUT', `/api/vm/${t.s.vms.zone}/status/reboot/`, {
      as: { ...t.admin, 'es-stream': 'es' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.es_stream).toBe('True');
    const match = /^( *)(\d{3})\n(.*)$/s.exec(answer.text);
    expect(match?.[2]).toBe('200');
    expect(JSON.parse(match?.[3] ?? '')).toMatchObject({
      status: 'SUCCESS',
      result: { message: `Successfully completed reboot for VM ${t.s.vms.zone}`, returncode: 0 },
    });
  });
});
