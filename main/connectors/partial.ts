import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../common/errors';
import { operationSignal } from '../net/operation';

/** What a listing could not read: the machines it has are shown, marked as a part. */
export interface PartialListing {
  /** A sentence: how much is missing and the first reason. */
  reason: string;
  error: VantageError;
}

/** Failures of one read that another read may not meet: the upstream's own trouble, not a refusal of this user. */
const PASSING = new Set(['UPSTREAM', 'UNREACHABLE', 'TIMEOUT']);

function passing(error: unknown, signal: AbortSignal): error is VantageError {
  return (
    error instanceof VantageError &&
    PASSING.has(error.code) &&
    !signal.aborted &&
    // Past the operation's deadline every read fails: that ends the listing, it does not make it partial.
    operationSignal()?.aborted !== true
  );
}

/** A page read once more after a pause when it failed in passing (the HTTP client has retried the call already). */
export async function readAgainOnce<T>(
  read: () => Promise<T>,
  signal: AbortSignal,
  pauseMs = 500,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!passing(error, signal)) throw error;
    await sleep(pauseMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) throw error;
    return read();
  }
}

/**
 * Collects the reads of a listing that failed in passing, so that one bad read out of hundreds leaves the listing
 * partial instead of empty. Refusals (credentials, permissions, certificates) and cancellations are thrown on.
 */
export function partialCollector(signal: AbortSignal) {
  let first: VantageError | undefined;
  let missed = 0;
  return {
    /** Counts `count` items as missing because of `error`, or throws it when it is not a passing failure. */
    skip(error: unknown, count = 1): void {
      if (!passing(error, signal)) throw error;
      first ??= error;
      missed += count;
    },
    /**
     * The outcome once the listing has read what it could: undefined when every read succeeded, partial when some
     * failed; when nothing at all could be read, the first failure is thrown (an empty "partial" list says nothing).
     */
    outcome(listed: number): { partial: PartialListing } | undefined {
      if (!first) return undefined;
      if (listed === 0) throw first;
      const reads = missed === 1 ? '1 read' : `${missed} reads`;
      return {
        partial: {
          reason: `${reads} failed, so some machines are missing. The first: ${first.message}`,
          error: first,
        },
      };
    },
  };
}
