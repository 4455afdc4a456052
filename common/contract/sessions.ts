import * as z from 'zod';

import { event, request } from '../ipc';
import type { Task } from '../inventory';
import type {
  DrReport,
  RecoveryBackup,
  RecoveryCandidate,
  RecoveryTarget,
  SessionDetails,
  SessionsListing,
} from '../sessions';

const sessionId = z.string().min(3).max(600);
const candidateId = z.string().min(3).max(600);
const target = z
  .object({
    kind: z.enum(['VMware', 'Hyper-V', 'appliance']),
    host: z.string().min(1).max(255).optional(),
    store: z.string().min(1).max(1024).optional(),
  })
  .strict();

/** Instant-recovery sessions and replicas (Unitrends), and DR tests. Merged into `common/contract.ts`. */
export const sessionsRequests = {
  'sessions.list': request<SessionsListing>()(
    z.undefined(),
    'Every instant-recovery session and replica of every appliance and system.',
  ),
  'sessions.details': request<SessionDetails>()(
    z.object({ id: sessionId }).strict(),
    'One session: its vendor records (and a replica’s backup history) and what it allows now.',
  ),
  'sessions.run': request<{ batchId: string; taskIds: string[] }>()(
    z
      .object({
        ids: z.array(sessionId).min(1).max(1000),
        actionId: z.string().min(1).max(64),
        options: z.record(z.string(), z.unknown()).default({}),
        confirmCount: z.number().int().optional(),
      })
      .strict(),
    'Runs a session action (audit, live, restores, change, tear down); each is a task followed to its end.',
  ),
  'sessions.candidates': request<RecoveryCandidate[]>()(
    z.undefined(),
    'Backed-up clients of every appliance that can be recovered, with their latest backup.',
  ),
  'sessions.targets': request<RecoveryTarget[]>()(
    z.object({ candidateId }).strict(),
    'Where a candidate can run: ESX hosts and datastores, Hyper-V hosts, the appliance.',
  ),
  'sessions.backups': request<RecoveryBackup[]>()(
    z.object({ candidateId }).strict(),
    'A candidate’s backups with their dates, newest first (the appliance’s catalog).',
  ),
  'sessions.start': request<Task>()(
    z
      .object({
        candidateId,
        backupId: z.number().int().min(0),
        target,
        name: z.string().trim().min(1).max(80),
        audit: z.boolean(),
        powerOn: z.boolean(),
        address: z.union([z.ipv4(), z.ipv6()]).optional(),
      })
      .strict(),
    'Starts an instant recovery as a task that follows it to available.',
  ),
  'sessions.drStart': request<DrReport>()(
    z
      .object({
        candidateIds: z.array(candidateId).min(1).max(100),
        target,
        parallel: z.number().int().min(1).max(8).optional(),
        /** For consoles whose password Vantage does not know (the appliance's own); kept in memory for this test only. */
        consolePassword: z.string().min(1).max(256).optional(),
      })
      .strict(),
    'Starts a DR test: audit sessions in parallel, measured, then every one torn down.',
  ),
  'sessions.drCancel': request<null>()(
    z.object({ id: z.uuid() }).strict(),
    'Cancels a DR test: what was started is torn down.',
  ),
  'sessions.drReports': request<DrReport[]>()(
    z.undefined(),
    'DR tests of this run of the app, newest first.',
  ),
  'sessions.drExport': request<{ fileName: string; text: string }>()(
    z.object({ id: z.uuid(), format: z.enum(['csv', 'json']) }).strict(),
    'A DR test report as CSV or JSON.',
  ),
} as const;

export const sessionsEvents = {
  'sessions.changed': event<{ profileIds: string[] }>(
    'Sessions changed (a task moved one): re-read the list.',
  ),
  'sessions.drUpdated': event<DrReport>('A DR test progressed or ended.'),
} as const;
