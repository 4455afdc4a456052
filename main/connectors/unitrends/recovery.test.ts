import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VantageError } from '../../../common/errors';
import type { RecoverySession } from '../../../common/sessions';
import type { RecoveryConnector } from '../types';
import { startLabConnections, type LabConnections } from '../test-lab';
import { parseUsDateTime } from './recovery';

// Instant recovery against the lab appliance over HTTPS; 1/50 of real durations (creating takes 0.4 s).
let env: LabConnections;
let recovery: RecoveryConnector;

const connectAs = async (username: string, password: string): Promise<RecoveryConnector> => {
  const { connector } = await env.connect({ username, options: { vendor: 'unitrends' } }, password);
  if (!connector.recovery) throw new Error('no recovery');
  return connector.recovery;
};

beforeAll(async () => {
  env = await startLabConnections('unitrends', { vms: 4000, timeScale: 0.02 });
  recovery = await connectAs(env.info.credentials.username ?? '', env.info.credentials.password ?? '');
});
afterAll(() => env.close());

async function until(
  id: string,
  done: (s: RecoverySession | undefined) => boolean,
): Promise<RecoverySession | undefined> {
  for (let i = 0; i < 200; i++) {
    const s = await recovery.readSession(id);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${id} never settled`);
}

const refusal = async (work: Promise<unknown>): Promise<VantageError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VantageError);
  return error as VantageError;
};

async function startOne(kind: 'VMware' | 'appliance', audit = true) {
  const [candidate] = (await recovery.candidates()).filter((c) => c.systemId === 1);
  if (!candidate) throw new Error('no candidate');
  const targets = await recovery.targets(candidate);
  const target = targets.find((t) => t.kind === kind);
  if (!target) throw new Error(`no ${kind} target`);
  const id = await recovery.start(candidate, {
    candidateId: candidate.id,
    backupId: candidate.backupId,
    target: { kind, host: target.host, ...(target.stores[0] ? { store: target.stores[0].name } : {}) },
    name: `${candidate.name}-test`,
    audit,
    powerOn: true,
  });
  return { id, candidate };
}

describe('Unitrends instant recovery', () => {
  it('reads the appliance’s US dates', () => {
    expect(parseUsDateTime('10/31/2014 01:08:43PM')).toBe('2014-10-31T13:08:43.000Z');
    expect(parseUsDateTime('01/02/2020 12:00:00AM')).toBe('2020-01-02T00:00:00.000Z');
    expect(parseUsDateTime('yesterday')).toBeUndefined();
  });

  it('lists a client’s backups with their dates from the catalog, newest first (the candidate’s)', async () => {
    const [candidate] = (await recovery.candidates()).filter((c) => c.systemId === 2);
    if (!candidate) throw new Error('no candidate');
    const backups = await recovery.backups(candidate);
    expect(backups.length).toBeGreaterThan(1);
    expect(backups[0]?.id).toBe(candidate.backupId);
    const times = backups.map((b) => Date.parse(b.startedAt ?? ''));
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(backups.map((b) => b.type))).toEqual(new Set(['Full', 'Incremental']));
  });

  it('lists sessions and replicas of all four types on every system', async () => {
    const sessions = await recovery.listSessions();
    expect(new Set(sessions.map((s) => s.type))).toEqual(new Set(['vm_ir', 'hv_ir', 'appliance_ir', 'wir']));
    expect(new Set(sessions.map((s) => s.systemId))).toEqual(new Set([1, 2]));
    expect(sessions.filter((s) => s.type !== 'wir').every((s) => s.created !== undefined)).toBe(true);
    expect(sessions.some((s) => s.hasConsole)).toBe(true);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
  });

  it('starts an audit session on an ESX datastore, follows it to available, tears it down', async () => {
    const { id } = await startOne('VMware');
    const creating = await recovery.readSession(id);
    expect(creating).toMatchObject({ type: 'vm_ir', status: 'creating', mode: 'Audit', changing: true });
    // Still creating: only a forced tear-down is offered, and a plain one is refused in the appliance's words.
    expect(recovery.actions(creating as RecoverySession).map((a) => a.id)).toEqual(['force-teardown']);
    const refused = await refusal(recovery.perform(creating as RecoverySession, 'teardown', {}));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/retry with force.*Tear it down with force/);
    const available = await until(id, (s) => s?.status === 'available');
    expect(recovery.actions(available as RecoverySession).map((a) => a.id)).toEqual([
      'live-start',
      'teardown',
    ]);
    await recovery.perform(available as RecoverySession, 'teardown', {});
    expect(await until(id, (s) => s === undefined)).toBeUndefined();
  });

  it('goes live from audit (migrating, then Instant Recovery) and forces the tear-down of a creating session', async () => {
    const { id } = await startOne('VMware');
    const available = await until(id, (s) => s?.status === 'available');
    await recovery.perform(available as RecoverySession, 'live-start', {});
    expect(await recovery.readSession(id)).toMatchObject({ status: 'migrating', mode: 'Audit' });
    expect(await until(id, (s) => s?.status === 'available')).toMatchObject({ mode: 'Instant Recovery' });
    await recovery.perform((await recovery.readSession(id)) as RecoverySession, 'teardown', {});

    const second = await startOne('appliance', false);
    const creating = (await recovery.readSession(second.id)) as RecoverySession;
    expect(creating.type).toBe('appliance_ir');
    await recovery.perform(creating, 'force-teardown', {});
    expect((await recovery.readSession(second.id))?.status).toBe('tearing down');
  });

  it('starts and stops audit mode of a replica', async () => {
    const idle = (await recovery.listSessions()).find(
      (s) => s.type === 'wir' && s.mode === 'idle' && !s.pending,
    );
    if (!idle) throw new Error('no idle replica');
    expect(recovery.actions(idle).map((a) => a.id)).toContain('audit-start');
    await recovery.perform(idle, 'audit-start', {});
    const audit = await until(idle.id, (s) => s?.mode === 'audit' && !s.pending);
    const records = await recovery.sessionRecords(audit as RecoverySession);
    expect(Object.keys(records)).toEqual(['details', 'state', 'backupHistory']);
    // Busy while it changes: the appliance refuses, and says so.
    await recovery.perform(audit as RecoverySession, 'audit-stop', {});
    const busy = await refusal(recovery.perform(audit as RecoverySession, 'audit-stop', {}));
    expect(busy.message).toMatch(/busy.*wait until it has finished/);
    expect(await until(idle.id, (s) => s?.mode === 'idle' && !s.pending)).toBeDefined();
  });

  it('changes a replica’s processors and memory, and stops and resumes applying new backups', async () => {
    const idle = (await recovery.listSessions()).find(
      (s) => s.type === 'wir' && s.mode === 'idle' && !s.pending,
    );
    if (!idle) throw new Error('no idle replica');
    const offered = recovery.actions(idle).map((a) => a.id);
    expect(offered).toEqual(expect.arrayContaining(['modify', 'restores-stop', 'restores-start']));
    type Records = { details: { virtual_client?: { processors?: number; memory?: number } }; state: object };
    const records = async (): Promise<Records> => (await recovery.sessionRecords(idle)) as Records;
    const before = (await records()).details.virtual_client;
    const processors = (before?.processors ?? 1) + 1;
    const memory = (before?.memory ?? 1024) + 1024;
    await recovery.perform(idle, 'modify', { processors, memory });
    expect((await records()).details.virtual_client).toMatchObject({ processors, memory });
    await recovery.perform(idle, 'restores-stop', {});
    expect((await records()).state).toMatchObject({ restores_disabled: true });
    await recovery.perform(idle, 'restores-start', {});
    expect((await records()).state).toMatchObject({ restores_disabled: false });
  });

  it('refuses an unknown backup and a monitor-only user in the appliance’s own words', async () => {
    const [candidate] = await recovery.candidates();
    if (!candidate) throw new Error('no candidate');
    const unknown = await refusal(
      recovery.start(candidate, {
        candidateId: candidate.id,
        backupId: 1,
        target: { kind: 'appliance' },
        name: 'x',
        audit: true,
        powerOn: true,
      }),
    );
    expect(unknown.code).toBe('CONFLICT');
    expect(unknown.message).toMatch(/Backup 1 was not found.*choose a newer backup/);

    const monitor = await connectAs('monitor', 'monitor1');
    const forbidden = await refusal(
      monitor.start(candidate, {
        candidateId: candidate.id,
        backupId: candidate.backupId,
        target: { kind: 'appliance' },
        name: 'x',
        audit: true,
        powerOn: true,
      }),
    );
    expect(forbidden.code).toBe('PERMISSION_DENIED');
    expect(forbidden.message).toMatch(/User monitor is not allowed/);
  });
});
