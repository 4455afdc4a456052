import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type {
  RecoveryCandidate,
  RecoverySession,
  SessionDetails,
  SessionsListing,
  StartRecovery,
} from '../../../common/sessions';
import { sessionMachine } from '../../../common/sessions';
import type { RecoveryConnector } from '../../connectors/types';
import { validateOptions } from '../action-options';
import { toIpcError } from '../../ipc/router';
import type { AuditLog } from '../audit';
import type { Connections } from '../connections';
import type { Tasks } from '../tasks';
import type { EventBus } from '../../ipc/events';
import type { VantageContract } from '../../../common/contract';
import { describeSession, followSession, settledSession } from './follow';
import { requireTypedCount } from '../typed-count';

export interface SessionsOptions {
  connections: Connections;
  tasks: Tasks;
  audit: AuditLog;
  bus: EventBus<VantageContract>;
  /** How often a task re-reads a changing session (the appliance pushes nothing). */
  pollMs?: number;
}

export interface RunSessions {
  ids: readonly string[];
  actionId: string;
  options: Record<string, unknown>;
  confirmCount?: number | undefined;
}

const profileOf = (id: string): string => id.slice(0, id.indexOf('/'));

/**
 * Instant-recovery sessions and replicas of every appliance: one listing, actions as data (checked here against the
 * session's state as the appliance reports it now), and every change a task followed to its end.
 */
export function createSessions(options: SessionsOptions) {
  const { connections, tasks, audit, bus } = options;
  const pollMs = options.pollMs ?? 2000;
  const known = new Map<string, RecoverySession>();
  const candidates = new Map<string, RecoveryCandidate>();

  const recoveryProfiles = () => connections.list().filter((p) => connections.connector(p.id).recovery);
  const withRecovery = <T>(
    profileId: string,
    work: (recovery: RecoveryConnector) => Promise<T>,
  ): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.recovery)
        throw new VantageError('UNSUPPORTED', 'This connection has no instant recovery.', { profileId });
      return work(connector.recovery);
    });

  const read = async (id: string): Promise<RecoverySession | undefined> => {
    const session = await withRecovery(profileOf(id), (r) => r.readSession(id));
    if (session) known.set(id, session);
    else known.delete(id);
    return session;
  };
  const mustRead = async (id: string): Promise<RecoverySession> => {
    const session = await read(id);
    if (!session)
      throw new VantageError('NOT_FOUND', 'This session is gone: it was torn down or deleted.', { id });
    return session;
  };
  const changed = (profileId: string) => bus.publish('sessions.changed', { profileIds: [profileId] });
  const follow = (id: string, signal: AbortSignal, onState?: (s: RecoverySession) => void) =>
    followSession(() => read(id), settledSession, { pollMs, signal, ...(onState ? { onState } : {}) });

  const refuse = async (session: RecoverySession, actionId: string, message: string) => {
    await audit.append({
      time: new Date().toISOString(),
      profileId: session.profileId,
      profileName: session.profileName,
      machineId: session.id,
      machineName: session.name,
      action: `session.${actionId}`,
      options: {},
      outcome: 'refused',
      message,
    });
    throw new VantageError('CONFLICT', message, {
      id: session.id,
      status: session.status,
      mode: session.mode,
    });
  };

  const api = {
    async list(): Promise<SessionsListing> {
      const profiles = recoveryProfiles();
      const results = await Promise.allSettled(
        profiles.map((p) => withRecovery(p.id, (r) => r.listSessions())),
      );
      const listing: SessionsListing = { sessions: [], failures: [] };
      results.forEach((result, i) => {
        const profile = profiles[i];
        if (!profile) return;
        for (const id of known.keys())
          if (profileOf(id) === profile.id && result.status === 'fulfilled') known.delete(id);
        if (result.status === 'fulfilled') {
          for (const s of result.value) known.set(s.id, s);
          listing.sessions.push(...result.value);
        } else {
          listing.failures.push({
            profileId: profile.id,
            profileName: profile.name,
            message: toIpcError(result.reason).message,
          });
        }
      });
      return listing;
    },

    async details(id: string): Promise<SessionDetails> {
      const session = await mustRead(id);
      return withRecovery(session.profileId, async (r) => ({
        session,
        actions: r.actions(session),
        raw: await r.sessionRecords(session),
      }));
    },

    /** A listed session as a machine row, for the console path. */
    machine(id: string): Machine | undefined {
      const s = known.get(id);
      return s ? sessionMachine(s) : undefined;
    },

    async run(request: RunSessions): Promise<{ batchId: string; taskIds: string[] }> {
      const sessions = await Promise.all(request.ids.map(mustRead));
      const jobs = [];
      for (const session of sessions) {
        const recovery = connections.connector(session.profileId).recovery as RecoveryConnector;
        const action = recovery.actions(session).find((a) => a.id === request.actionId);
        if (!action)
          await refuse(
            session,
            request.actionId,
            `${describeSession(session)}: it cannot “${request.actionId}” now.`,
          );
        const spec = action as NonNullable<typeof action>;
        requireTypedCount(spec.disruptive, sessions.length, request.confirmCount, 'sessions', spec.label);
        const opts = validateOptions(spec, request.options);
        jobs.push({
          profileId: session.profileId,
          target: { id: session.id, name: session.name },
          actionId: `session.${spec.id}`,
          actionLabel: spec.label,
          options: opts,
          // The appliance cannot take a call back; a cancel only stops following it.
          cancellable: false,
          work: async (progress: (p: { message: string }) => void, signal: AbortSignal) => {
            await withRecovery(session.profileId, (r) => r.perform(session, spec.id, opts));
            changed(session.profileId);
            progress({ message: `${spec.label}: the appliance accepted it.` });
            const end = await follow(session.id, signal, (s) => progress({ message: describeSession(s) }));
            changed(session.profileId);
            return { message: end ? `${describeSession(end)}.` : `${session.name} is gone.` };
          },
        });
      }
      const { batchId, batchTaskIds } = await tasks.startBatch(jobs);
      return { batchId, taskIds: batchTaskIds };
    },

    async candidates(): Promise<RecoveryCandidate[]> {
      const lists = await Promise.all(
        recoveryProfiles().map((p) => withRecovery(p.id, (r) => r.candidates())),
      );
      const all = lists.flat();
      for (const c of all) candidates.set(c.id, c);
      return all;
    },

    async candidate(id: string): Promise<RecoveryCandidate> {
      if (!candidates.has(id)) await api.candidates();
      const found = candidates.get(id);
      if (!found)
        throw new VantageError('NOT_FOUND', 'This client has no backup to recover any more.', { id });
      return found;
    },

    async backups(candidateId: string) {
      const candidate = await api.candidate(candidateId);
      return withRecovery(candidate.profileId, (r) => r.backups(candidate));
    },

    async targets(candidateId: string) {
      const candidate = await api.candidate(candidateId);
      return withRecovery(candidate.profileId, (r) => r.targets(candidate));
    },

    /** Starts a session as a task that follows it to `available`; a cancel tears it down (with force). */
    async start(request: StartRecovery) {
      const candidate = await api.candidate(request.candidateId);
      return tasks.start({
        profileId: candidate.profileId,
        target: { id: candidate.id, name: request.name },
        actionId: 'session.start',
        actionLabel: 'Start instant recovery',
        options: { ...request, client: candidate.name },
        work: async (progress, signal) => {
          const id = await withRecovery(candidate.profileId, (r) => r.start(candidate, request));
          changed(candidate.profileId);
          progress({ message: `${request.name} is creating.` });
          try {
            const end = await follow(id, signal, (s) => progress({ message: describeSession(s) }));
            if (end?.status !== 'available')
              throw new VantageError(
                'UPSTREAM',
                end
                  ? `${describeSession(end)}: ${end.comment ?? ''}`.trim()
                  : `${request.name} vanished while it was being created.`,
              );
            return { message: `${describeSession(end)}.` };
          } catch (error) {
            if (error instanceof VantageError && error.code === 'CANCELLED') await api.tearDown(id);
            throw error;
          } finally {
            changed(candidate.profileId);
          }
        },
      });
    },

    /** Tears a session down whatever it is doing (force), and resolves once the appliance no longer lists it. */
    async tearDown(id: string, signal = new AbortController().signal): Promise<void> {
      const session = await read(id);
      if (!session) return;
      if (session.status !== 'tearing down')
        await withRecovery(session.profileId, (r) => r.perform(session, 'force-teardown', {}));
      await followSession(
        () => read(id),
        (s) => s === undefined,
        { pollMs, signal },
      );
    },

    read,
    withRecovery,
    pollMs,
  };
  return api;
}

export type Sessions = ReturnType<typeof createSessions>;
