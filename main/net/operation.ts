import { AsyncLocalStorage } from 'node:async_hooks';

import { VantageError } from '../../common/errors';

/** A user-visible operation ("Test connection", one refresh) and the moment it must end. */
interface Operation {
  what: string;
  signal: AbortSignal;
}

// The operation travels with the async context: every upstream call a connector makes on its behalf (sign-in,
// retries, pages) shares its one deadline without each vendor's code passing a signal through every function.
const current = new AsyncLocalStorage<Operation>();

/** "Test connection": a sign-in and one call, each with its own 15 s at most. */
export const TEST_DEADLINE_MS = 30_000;
/** One refresh of one profile: tens of thousands of machines over hundreds of calls on a slow appliance. */
export const REFRESH_DEADLINE_MS = 10 * 60_000;

/** 15000 → "15 s", 300 → "0.3 s". */
export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** The error an operation's deadline ends it with: it names the operation and its limit. */
export function operationTimeout(what: string, ms: number): VantageError {
  return new VantageError('TIMEOUT', `${what} did not finish within ${seconds(ms)} and was stopped.`, {
    limitMs: ms,
  });
}

/**
 * Runs `work` as one operation: every upstream call inside ends at the latest `ms` after the start (retries
 * included), or when `signal` aborts. Once the deadline has passed, the operation rejects with a TIMEOUT that says
 * what took too long, whatever a call was doing then.
 */
export async function withOperation<T>(
  what: string,
  ms: number,
  work: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(operationTimeout(what, ms)), ms);
  timer.unref?.();
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  try {
    return await current.run({ what, signal: combined }, work);
  } catch (error) {
    if (deadline.signal.aborted) throw deadline.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The signal of the operation the caller runs in, if any. */
export function operationSignal(): AbortSignal | undefined {
  return current.getStore()?.signal;
}
