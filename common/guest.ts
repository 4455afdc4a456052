import * as z from 'zod';

/** Run in guest: what the window asks and what it is shown (vCenter through VMware Tools). */

export const GuestCredentialsSchema = z
  .object({ user: z.string().min(1).max(256), password: z.string().min(1).max(1024) })
  .strict();

export const GuestRunSchema = z
  .object({
    machineIds: z.array(z.string().min(3).max(600)).min(1).max(1000),
    command: z.string().min(1).max(8192),
    timeoutSeconds: z.number().int().min(1).max(3600).default(60),
    /** Asked for this run only: never stored. Absent: the machine's saved credentials, else the profile default. */
    credentials: GuestCredentialsSchema.optional(),
  })
  .strict();

/** One machine's row of a run. */
export interface GuestRunRow {
  machineId: string;
  machineName: string;
  taskId: string;
  outcome: 'succeeded' | 'failed' | 'timeout' | 'cancelled';
  exitCode?: number;
  durationMs?: number;
  stdout?: string;
  stderr?: string;
  truncated?: boolean;
  /** Why it did not run, in words. */
  error?: string;
}

export interface GuestProcessRow {
  pid: number;
  name: string;
  owner: string;
  command: string;
  started: string;
  finished?: string;
  exitCode?: number;
}
