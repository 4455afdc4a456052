import pLimit from 'p-limit';

import { VantageError } from '../../common/errors';

/** Runs a task when one of the slots is free. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

const cancelled = (what: string): VantageError => new VantageError('CANCELLED', `${what} was cancelled.`);

/**
 * At most `slots` upstream calls in flight (the HTTP client keeps 8 connections per server), shared by every caller
 * of the limiter, so a recursive walk that discovers its calls as it goes stays bounded too. Once `signal` is aborted
 * or a task failed, waiting tasks are dropped instead of started.
 */
export function createLimiter(slots: number, signal: AbortSignal, what: string): Limiter {
  const limit = pLimit({ concurrency: slots, rejectOnClear: true });
  signal.addEventListener('abort', () => limit.clearQueue(), { once: true });
  /** The first task's own failure: what the tasks dropped because of it report too. */
  let firstFailure: unknown;
  let failed = false;
  return <T>(task: () => Promise<T>) => {
    let started = false;
    return limit(async () => {
      started = true;
      if (signal.aborted) throw cancelled(what);
      try {
        return await task();
      } catch (error) {
        if (!failed) {
          failed = true;
          firstFailure = error;
        }
        limit.clearQueue();
        throw error;
      }
    }).catch((error: unknown) => {
      if (signal.aborted && !(error instanceof VantageError)) throw cancelled(what);
      // A task dropped from the queue rejects with p-limit's AbortError: it says nothing, the failure that
      // emptied the queue does (and it must win whichever rejection a Promise.all hears first).
      if (!started && failed) throw firstFailure;
      throw error;
    });
  };
}

/** `work` over every item with at most `slots` in flight, results in order; the first failure rejects. */
export function mapBounded<T, R>(
  items: readonly T[],
  slots: number,
  signal: AbortSignal,
  what: string,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const run = createLimiter(slots, signal, what);
  return Promise.all(items.map((item) => run(() => work(item))));
}
