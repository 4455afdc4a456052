import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../common/contract';
import type { Task } from '../../common/inventory';
import { VantageError } from '../../common/errors';
import { createEventBus } from '../ipc/events';
import { createAuditLog, type AuditLog } from './audit';
import type { Connections } from './connections';
import type { Inventory } from './inventory';
import { createTasks, type Job } from './tasks';

const profiles = {
  rw: { id: 'p-rw', name: 'Writable', readOnly: false },
  ro: { id: 'p-ro', name: 'Looker', readOnly: true },
};
// Only what the generic path uses: a profile's name and read-only flag.
const connections = {
  get: (id: string) => Object.values(profiles).find((p) => p.id === id),
} as unknown as Connections;

let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-tasks-'));
  audit = createAuditLog(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const job = (over: Partial<Job> = {}): Job => ({
  profileId: profiles.rw.id,
  target: { id: 's-1', name: 'web-01 (IR)' },
  actionId: 'session.teardown',
  actionLabel: 'Tear down',
  options: { force: false },
  work: (progress) => {
    progress({ message: 'half way', percent: 50 });
    return Promise.resolve({ message: 'Torn down.' });
  },
  ...over,
});

describe('tasks: jobs of any domain', () => {
  it('runs a job to its end with progress, an audit entry and the finished event', async () => {
    const bus = createEventBus<VantageContract>();
    const seen: string[] = [];
    bus.subscribe((name, payload) => seen.push(`${name}:${(payload as { state?: string }).state ?? ''}`));
    const tasks = createTasks({ connections, inventory: {} as Inventory, audit, bus });
    const task = await tasks.start(job());
    const done = await tasks.settled(task.id);
    expect(done).toMatchObject({ state: 'succeeded', message: 'Torn down.', machineName: 'web-01 (IR)' });
    expect(seen).toContain('tasks.finished:succeeded');
    expect(seen.some((s) => s.startsWith('tasks.updated:running'))).toBe(true);
    const entries = await audit.list({});
    expect(entries[0]).toMatchObject({
      action: 'session.teardown',
      outcome: 'succeeded',
      options: { force: false },
    });
  });

  it('refuses a read-only profile in main, with a refused audit entry, before any work', async () => {
    const tasks = createTasks({ connections, inventory: {} as Inventory, audit, bus: createEventBus() });
    let ran = false;
    const refused = tasks.start(
      job({
        profileId: profiles.ro.id,
        work: () => {
          ran = true;
          return Promise.resolve({ message: '' });
        },
      }),
    );
    await expect(refused).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(ran).toBe(false);
    expect((await audit.list({}))[0]).toMatchObject({ outcome: 'refused', machineId: 's-1' });
  });

  it('reports a failure and a cancel as such, and runs a batch a bounded number at a time', async () => {
    const tasks = createTasks({ connections, inventory: {} as Inventory, audit, bus: createEventBus() });
    let running = 0;
    let peak = 0;
    const slow = (i: number): Job =>
      job({
        target: { id: `s-${i}`, name: `vm-${i}` },
        work: async (_progress, signal) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 10));
          running -= 1;
          if (i === 2) throw new VantageError('UPSTREAM', 'The appliance said: busy.');
          if (signal.aborted) throw new VantageError('CANCELLED', 'Cancelled.');
          return { message: 'ok' };
        },
      });
    const { batchTaskIds } = await tasks.startBatch([0, 1, 2, 3, 4].map(slow), 2);
    tasks.cancel(batchTaskIds[4] as string);
    const ended = await Promise.all(batchTaskIds.map((id) => tasks.settled(id)));
    expect(ended.map((t) => t.state)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded', 'cancelled']);
    expect(ended[2]?.message).toBe('The appliance said: busy.');
    expect(peak).toBe(2);
    expect(new Set(ended.map((t) => t.batchId)).size).toBe(1);
  });
});

describe('tasks: an audit log that cannot be written', () => {
  // A folder where the log file should be: every append fails for real (even as root, unlike a chmod).
  beforeEach(() => mkdir(join(dir, 'audit.jsonl')));

  it('says so in the finished task, which the Tasks view and the notification show', async () => {
    const bus = createEventBus<VantageContract>();
    const finished: Task[] = [];
    bus.subscribe((name, payload) => name === 'tasks.finished' && finished.push(payload as Task));
    const tasks = createTasks({ connections, inventory: {} as Inventory, audit, bus });
    const done = await tasks.settled((await tasks.start(job())).id);
    expect(done).toMatchObject({ state: 'succeeded' });
    expect(done.message).toBe('Torn down. The audit log could not record this (EISDIR).');
    expect(finished[0]?.message).toBe(done.message);
  });

  it('says so in the refusal of a read-only profile', async () => {
    const tasks = createTasks({ connections, inventory: {} as Inventory, audit, bus: createEventBus() });
    await expect(tasks.start(job({ profileId: profiles.ro.id }))).rejects.toMatchObject({
      code: 'READ_ONLY',
      message: expect.stringMatching(
        /read-only.* The audit log could not record this \(EISDIR\)\.$/,
      ) as unknown,
    });
  });
});
