import { randomUUID } from 'node:crypto';

import { VantageError } from '../../../common/errors';
import type { DrMeasurement, DrReport, RecoveryCandidate, StartRecovery } from '../../../common/sessions';
import type { VantageContract } from '../../../common/contract';
import type { EventBus } from '../../ipc/events';
import { toIpcError } from '../../ipc/router';
import type { AuditLog } from '../audit';
import type { Tasks } from '../tasks';
import type { Sessions } from '.';
import { drReportFile, drSummary } from './dr-report';
import { followSession } from './follow';

/** Measures a session's first console frame and saves its screenshot; absent where consoles cannot be probed. */
export type FrameProbe = (
  sessionId: string,
  signal: AbortSignal,
  password?: string,
) => Promise<{ ms: number; screenshot?: string }>;

const KEEP = 20;

/**
 * A DR test (journey 10): audit sessions of several clients in parallel (bounded), each measured to `available` (and
 * to its first console frame where it has one), then torn down, also on failure or cancel, so nothing is left
 * running. Each machine is a task; the report goes to the audit log.
 */
export function createDrTests(options: {
  sessions: Sessions;
  tasks: Tasks;
  audit: AuditLog;
  bus: EventBus<VantageContract>;
  probeFrame?: FrameProbe;
}) {
  const { sessions, tasks, audit, bus } = options;
  const reports = new Map<string, DrReport>();
  const taskIds = new Map<string, string[]>();
  const concluded = new Map<string, Promise<void>>();

  const publish = (report: DrReport) => bus.publish('sessions.drUpdated', structuredClone(report));

  async function measure(
    candidate: RecoveryCandidate,
    row: DrMeasurement,
    target: StartRecovery['target'],
    report: DrReport,
    signal: AbortSignal,
    consolePassword: string | undefined,
  ): Promise<string> {
    const started = Date.now();
    let id: string | undefined;
    try {
      id = await sessions.withRecovery(candidate.profileId, (r) =>
        r.start(candidate, {
          candidateId: candidate.id,
          backupId: row.backupId,
          target,
          name: row.sessionName,
          audit: true,
          powerOn: true,
        }),
      );
      const sessionId = id;
      const end = await followSession(
        () => sessions.read(sessionId),
        (s) => s?.status !== 'creating',
        {
          pollMs: sessions.pollMs,
          signal,
        },
      );
      if (end?.status !== 'available')
        throw new VantageError(
          'UPSTREAM',
          end ? `it ended ${end.status}: ${end.comment ?? ''}`.trim() : 'it vanished while being created',
        );
      row.availableMs = Date.now() - started;
      publish(report);
      if (end.hasConsole && options.probeFrame) {
        try {
          const frame = await options.probeFrame(sessionId, signal, consolePassword);
          row.firstFrameMs = Date.now() - started;
          if (frame.screenshot) row.screenshot = frame.screenshot;
        } catch (error) {
          // The machine did recover: a console that shows nothing is noted, not counted as a failed recovery.
          if (toIpcError(error).code === 'CANCELLED') throw error;
          row.error = `No console frame: ${toIpcError(error).message}`;
        }
      }
      row.outcome = 'recovered';
      return `${row.sessionName} was available after ${(row.availableMs / 1000).toFixed(1)} s.`;
    } catch (error) {
      const ipc = toIpcError(error);
      row.outcome = ipc.code === 'CANCELLED' ? 'cancelled' : 'failed';
      row.error = ipc.message;
      throw error;
    } finally {
      // Whatever happened, nothing stays running: tear down (force) and wait until the appliance has forgotten it.
      if (id)
        await sessions
          .tearDown(id)
          .catch((e: unknown) => (row.error ??= `tear-down failed: ${toIpcError(e).message}`));
      row.tornDown = id === undefined || (await sessions.read(id).catch(() => 'unknown')) === undefined;
      publish(report);
    }
  }

  async function conclude(report: DrReport, ids: string[]): Promise<void> {
    await Promise.all(ids.map((id) => tasks.settled(id)));
    report.endedAt = new Date().toISOString();
    if (report.state === 'running') report.state = 'finished';
    // Cancelled while still queued: never started, so nothing to tear down.
    for (const m of report.machines)
      if (m.outcome === 'running')
        Object.assign(m, { outcome: 'cancelled', tornDown: true, error: 'Cancelled before it started.' });
    const failed = report.machines.some((m) => m.outcome !== 'recovered' || !m.tornDown);
    await audit.append({
      time: report.endedAt,
      profileId: report.profileIds.join(','),
      profileName: report.profileNames.join(', '),
      action: 'session.dr-test',
      options: {
        reportId: report.id,
        machines: report.machines.map((m) => ({
          name: m.name,
          backupId: m.backupId,
          outcome: m.outcome,
          availableMs: m.availableMs,
          firstFrameMs: m.firstFrameMs,
          error: m.error,
        })),
      },
      outcome: report.state === 'cancelled' ? 'cancelled' : failed ? 'failed' : 'succeeded',
      message: drSummary(report),
    });
    publish(report);
  }

  return {
    async start(request: {
      candidateIds: readonly string[];
      target: StartRecovery['target'];
      parallel?: number;
      consolePassword?: string | undefined;
    }): Promise<DrReport> {
      const candidates = await Promise.all(request.candidateIds.map((id) => sessions.candidate(id)));
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const report: DrReport = {
        id: randomUUID(),
        startedAt: new Date().toISOString(),
        state: 'running',
        target: request.target,
        profileIds: [...new Set(candidates.map((c) => c.profileId))],
        profileNames: [...new Set(candidates.map((c) => c.profileName))],
        machines: candidates.map((c) => ({
          candidateId: c.id,
          name: c.name,
          backupId: c.backupId,
          sessionName: `${c.name}-dr-${stamp}`,
          outcome: 'running',
          tornDown: false,
        })),
      };
      const jobs = candidates.map((candidate, i) => {
        const row = report.machines[i] as DrMeasurement;
        return {
          profileId: candidate.profileId,
          target: { id: candidate.id, name: row.sessionName },
          actionId: 'session.dr-test',
          actionLabel: 'DR test',
          options: { reportId: report.id, backupId: row.backupId, target: request.target },
          work: async (progress: (p: { message: string }) => void, signal: AbortSignal) => {
            progress({ message: `Starting ${row.sessionName} in audit mode.` });
            return {
              message: await measure(candidate, row, request.target, report, signal, request.consolePassword),
            };
          },
        };
      });
      const { batchTaskIds } = await tasks.startBatch(jobs, request.parallel ?? 4);
      reports.set(report.id, report);
      taskIds.set(report.id, batchTaskIds);
      for (const old of [...reports.keys()].slice(0, Math.max(0, reports.size - KEEP))) {
        reports.delete(old);
        taskIds.delete(old);
        concluded.delete(old);
      }
      publish(report);
      concluded.set(report.id, conclude(report, batchTaskIds));
      return structuredClone(report);
    },

    cancel(id: string): void {
      const report = reports.get(id);
      if (!report) throw new VantageError('NOT_FOUND', 'No such DR test.', { id });
      if (report.state !== 'running') throw new VantageError('CONFLICT', 'This DR test has already ended.');
      report.state = 'cancelled';
      for (const taskId of taskIds.get(id) ?? []) {
        try {
          tasks.cancel(taskId);
        } catch {
          // Already ended: its session is torn down or being torn down.
        }
      }
      publish(report);
    },

    list: (): DrReport[] => [...reports.values()].reverse().map((r) => structuredClone(r)),

    /** Resolves once the DR test has ended and is in the audit log (tests, the report). */
    async settled(id: string): Promise<DrReport> {
      await concluded.get(id);
      return structuredClone(reports.get(id) as DrReport);
    },

    export(id: string, format: 'csv' | 'json') {
      const report = reports.get(id);
      if (!report) throw new VantageError('NOT_FOUND', 'No such DR test.', { id });
      return drReportFile(report, format);
    },
  };
}

export type DrTests = ReturnType<typeof createDrTests>;
