import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../../common/contract';
import type { RecoveryCandidate } from '../../../common/sessions';
import { startLabConnections, type LabConnections } from '../../connectors/test-lab';
import { createEventBus } from '../../ipc/events';
import { DEFAULT_VNC_PASSWORD } from '../../../lab/lab';
import { createAuditLog, type AuditLog } from '../audit';
import { createConsoles } from '../consoles';
import { memoryKeychain } from '../memory-keychain';
import type { Inventory } from '../inventory';
import { createTasks, type Tasks } from '../tasks';
import { createSessions, type Sessions } from '.';
import { drReportCsv } from './dr-report';
import { createDrTests, type DrTests } from './dr-test';
import { consoleEvidence } from './evidence';

// The Sessions service and DR tests against the lab appliance (1/50 of real durations), through real tasks and audit.
let env: LabConnections;
let dir: string;
let audit: AuditLog;
let sessions: Sessions;
let dr: DrTests;
let free: RecoveryCandidate[];
let tasks: Tasks;

beforeAll(async () => {
  env = await startLabConnections('unitrends', { vms: 600, timeScale: 0.02 });
  await env.connect({ username: 'root', options: { vendor: 'unitrends' } }, 'unitrends1');
  dir = await mkdtemp(join(tmpdir(), 'vantage-sessions-'));
  audit = createAuditLog(dir);
  const bus = createEventBus<VantageContract>();
  tasks = createTasks({ connections: env.connections, inventory: {} as Inventory, audit, bus });
  sessions = createSessions({ connections: env.connections, tasks, audit, bus, pollMs: 50 });
  dr = createDrTests({ sessions, tasks, audit, bus });
  // Seeded sessions hold their client's latest backup (named `<client>-ir`): use clients without one.
  const names = new Set((await sessions.list()).sessions.map((s) => s.name));
  free = (await sessions.candidates()).filter((c) => c.systemId === 1 && !names.has(`${c.name}-ir`));
});
afterAll(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

const mine = async (prefix: string) =>
  (await sessions.list()).sessions.filter((s) => s.name.startsWith(prefix));

describe('DR test', () => {
  it('measures four of five, reports the one that could not start with its reason, and leaves nothing behind', async () => {
    const five = free.slice(0, 5);
    const busy = five[2] as RecoveryCandidate;
    // Another session already uses the busy client's backup.
    const holder = await sessions.start({
      candidateId: busy.id,
      backupId: busy.backupId,
      target: { kind: 'appliance' },
      name: 'holder',
      audit: true,
      powerOn: true,
    });
    expect(await tasks.settled(holder.id)).toMatchObject({
      state: 'succeeded',
      message: expect.stringMatching(/holder is available \(Audit\)/) as unknown,
    });
    const started = await dr.start({
      candidateIds: five.map((c) => c.id),
      target: { kind: 'VMware', host: 'esx01.lab.local', store: 'datastore1' },
      parallel: 3,
    });
    const report = await dr.settled(started.id);
    expect(report.state).toBe('finished');
    const recovered = report.machines.filter((m) => m.outcome === 'recovered');
    expect(recovered).toHaveLength(4);
    for (const m of recovered) expect(m.availableMs).toBeGreaterThan(0);
    const failed = report.machines.find((m) => m.outcome === 'failed');
    expect(failed?.name).toBe(busy.name);
    expect(failed?.error).toMatch(/is busy.*tear it down first, or choose another backup/);
    expect(report.machines.every((m) => m.tornDown)).toBe(true);
    expect(await mine(`${five[0]?.name ?? ''}-dr-`)).toEqual([]);
    const [entry] = await audit.list({ text: 'DR test' });
    expect(entry).toMatchObject({ action: 'session.dr-test', outcome: 'failed' });
    expect(entry?.message).toMatch(
      /^DR test finished: 4 of 5 recovered; failed: .*busy.*every session torn down\.$/,
    );
    const csv = drReportCsv(report).split('\r\n');
    expect(csv[0]).toMatch(/^machine,backup,session,outcome,seconds to available/);
    expect(csv.filter((l) => l.includes(',recovered,'))).toHaveLength(4);
    const [held] = await mine('holder');
    await sessions.tearDown(held?.id ?? '');
  });

  it('tears down what it started when cancelled', async () => {
    const two = free.slice(5, 7);
    const started = await dr.start({ candidateIds: two.map((c) => c.id), target: { kind: 'appliance' } });
    // Cancel while the sessions are still creating.
    await new Promise((r) => setTimeout(r, 100));
    dr.cancel(started.id);
    const report = await dr.settled(started.id);
    expect(report.state).toBe('cancelled');
    expect(report.machines.every((m) => m.outcome === 'cancelled' && m.tornDown)).toBe(true);
    expect((await sessions.list()).sessions.filter((s) => s.name.includes('-dr-'))).toEqual([]);
    const [entry] = await audit.list({ text: 'DR test' });
    expect(entry?.outcome).toBe('cancelled');
  });

  it('times the first console frame of a session on the appliance and keeps its screenshot, owner-only', async () => {
    const consoles = createConsoles({
      machine: (id) => {
        const machine = sessions.machine(id);
        if (!machine) throw new Error(`unknown session ${id}`);
        return machine;
      },
      connector: (profileId) => env.connections.connector(profileId),
      keychain: memoryKeychain(),
      dataDirectory: dir,
    });
    const bus = createEventBus<VantageContract>();
    const probing = createDrTests({
      sessions,
      tasks,
      audit,
      bus,
      probeFrame: consoleEvidence((id, signal, password) => consoles.firstFrame(id, signal, password), dir),
    });
    const [one, two] = free.slice(7, 9);
    const withPassword = await probing.start({
      candidateIds: [one?.id ?? ''],
      target: { kind: 'appliance' },
      consolePassword: DEFAULT_VNC_PASSWORD,
    });
    const [m] = (await probing.settled(withPassword.id)).machines;
    expect(m).toMatchObject({ outcome: 'recovered', tornDown: true });
    expect(m?.firstFrameMs).toBeGreaterThanOrEqual(m?.availableMs ?? Infinity);
    expect(m?.screenshot).toMatch(/dr-evidence\/.+\.png$/);
    expect((await stat(m?.screenshot ?? '')).mode & 0o777).toBe(0o600);
    expect(drReportCsv(await probing.settled(withPassword.id))).toContain(m?.screenshot);

    // Without a password the machine still counts as recovered; the missing evidence is said.
    const without = await probing.start({ candidateIds: [two?.id ?? ''], target: { kind: 'appliance' } });
    const [n] = (await probing.settled(without.id)).machines;
    expect(n).toMatchObject({ outcome: 'recovered', tornDown: true });
    expect(n?.firstFrameMs).toBeUndefined();
    expect(n?.error).toMatch(/^No console frame: .*VNC password/);
    consoles.dispose();
  });
});
