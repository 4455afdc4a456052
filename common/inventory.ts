import type { IpcError } from './errors';
import type { ActionProgress, Machine } from './machines';

/** How one profile's part of the inventory stands. */
export interface InventoryStatus {
  profileId: string;
  /** `cached`: rows come from the last successful refresh, saved on disk (the app may be offline). */
  state: 'empty' | 'cached' | 'loading' | 'ok' | 'failed';
  /** When the rows shown were read from the system (ISO). */
  fetchedAt?: string;
  count: number;
  /** Why the last refresh failed; the cached rows, if any, are still shown. */
  error?: IpcError;
  /**
   * Set when the last refresh read only part of the machines (some reads failed in passing): why, as a sentence.
   * The rows it read are shown, and the rows it could not reach stay as they were.
   */
  partial?: string;
  /** Increases with every refresh; rows carry the generation they were read in. */
  generation: number;
  /** When the next automatic refresh is due (ISO), with backoff after failures. */
  nextRefreshAt?: string;
}

export interface InventorySnapshot {
  statuses: InventoryStatus[];
  machines: Machine[];
}

/** A page of rows from one refresh of one profile. */
export interface InventoryRows {
  profileId: string;
  generation: number;
  rows: Machine[];
}

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One action on one machine, followed to its end. A bulk action is several tasks sharing a `batchId`. */
export interface Task {
  id: string;
  batchId: string;
  profileId: string;
  profileName: string;
  machineId: string;
  machineName: string;
  actionId: string;
  actionLabel: string;
  options: Record<string, unknown>;
  state: TaskState;
  progress?: ActionProgress;
  /** The outcome or the failure as a sentence. */
  message?: string;
  /** The failure's code and the vendor's raw answer. */
  error?: IpcError;
  cancellable: boolean;
  startedAt: string;
  endedAt?: string;
}

export type AuditOutcome = 'succeeded' | 'failed' | 'cancelled' | 'refused';

/** One line of the audit log: every mutating action, never a secret. */
export interface AuditEntry {
  time: string;
  taskId?: string;
  profileId: string;
  profileName: string;
  machineId?: string;
  machineName?: string;
  action: string;
  options: Record<string, unknown>;
  outcome: AuditOutcome;
  message: string;
}
