import type { LabClock } from '../core/clock';
import type { IrSession, Pending, UnitrendsData, WirClient, WirState } from './data';

/** Real-world durations (ms), shortened by the lab's time scale. */
export const DURATIONS = {
  irCreate: 20_000,
  irMigrate: 40_000,
  teardown: 10_000,
  wirAudit: 20_000,
  wirLive: 30_000,
  wirStop: 15_000,
  wirRestore: 30_000,
} as const;
export type DurationName = keyof typeof DURATIONS;

/** Applies a finished change. Called whenever something is read, so no timer ever runs. */
export function settle<T extends { pending?: Pending<T> }>(item: T, now: number): T {
  const pending = item.pending;
  if (pending && now >= pending.endsAt) {
    delete item.pending;
    pending.apply(item);
  }
  return item;
}

function schedule<T extends { pending?: Pending<T> }>(
  item: T,
  clock: LabClock,
  duration: DurationName,
  apply: (target: T, endsAt: number) => void,
  share = 1,
): void {
  const endsAt = clock.now() + clock.scaled(DURATIONS[duration] * share);
  item.pending = { endsAt, apply: (target) => apply(target, endsAt) };
}

// ---- Instant-recovery sessions (vm_ir, hv_ir, appliance_ir)

/** The recovered VM is being created from the backup; `share` < 1 for seeded sessions already under way. */
export function beginCreate(session: IrSession, clock: LabClock, share = 1): void {
  session.status = 'creating';
  schedule(
    session,
    clock,
    'irCreate',
    (s) => {
      s.status = 'available';
      s.detail = s.audit ? 'Running in audit mode (isolated network).' : 'Running.';
    },
    share,
  );
}

/** Audit -> live: the product migrates the VM onto production storage (Storage vMotion for VMware). */
export function beginMigration(session: IrSession, clock: LabClock, share = 1): void {
  session.status = 'migrating';
  session.detail = 'Migrating to production storage.';
  schedule(
    session,
    clock,
    'irMigrate',
    (s) => {
      s.status = 'available';
      s.audit = false;
      s.detail = 'Running.';
    },
    share,
  );
}

export function beginTeardown(session: IrSession, clock: LabClock): void {
  delete session.pending;
  session.status = 'tearing down';
  session.detail = 'Removing the recovered VM.';
  session.goneAt = clock.now() + clock.scaled(DURATIONS.teardown);
}

/** Settles a session; undefined once a teardown has finished (and the session is forgotten). */
export function liveSession(data: UnitrendsData, id: number, now: number): IrSession | undefined {
  const session = data.sessions.get(id);
  if (!session) return undefined;
  if (session.goneAt !== undefined && now >= session.goneAt) {
    data.sessions.delete(id);
    return undefined;
  }
  return settle(session, now);
}

export function sessionsOf(data: UnitrendsData, systemId: number, now: number): IrSession[] {
  const out: IrSession[] = [];
  for (const id of [...data.sessions.keys()]) {
    const session = liveSession(data, id, now);
    if (session?.systemId === systemId) out.push(session);
  }
  return out;
}

// ---- Windows instant recovery virtual failover clients (wir)

export function moveWir(
  client: WirClient,
  to: WirState,
  clock: LabClock,
  duration: DurationName,
  share = 1,
): void {
  client.pendingState = to;
  schedule(
    client,
    clock,
    duration,
    (c, endsAt) => {
      c.state = to;
      delete c.pendingState;
      if (to === 'live') c.liveTime = endsAt;
      if (to === 'idle') c.valid = true;
      c.lastMessage = `Virtual client is ${to}.`;
    },
    share,
  );
}

export function wirOf(data: UnitrendsData, id: number, now: number): WirClient | undefined {
  const client = data.wirClients.get(id);
  return client ? settle(client, now) : undefined;
}

/** Seeded sessions and clients caught mid-change finish a little after the lab starts. */
export function resumeSeededChanges(data: UnitrendsData, clock: LabClock, share: () => number): void {
  for (const session of data.sessions.values()) {
    if (session.status === 'creating') beginCreate(session, clock, share());
    if (session.status === 'migrating') beginMigration(session, clock, share());
  }
  for (const client of data.wirClients.values()) {
    if (client.state === 'new' || client.state === 'restore')
      moveWir(client, 'idle', clock, 'wirRestore', share());
  }
}
