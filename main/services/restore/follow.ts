import { VantageError } from '../../../common/errors';
import type { VendorRecovery } from '../../connectors/restore';

/** Statuses after which a recovery no longer changes. */
export const ENDED = new Set(['Succeeded', 'SucceededWithWarning', 'Failed', 'Canceled', 'Skipped']);
const LIMIT_MS = 24 * 60 * 60_000;

export interface FollowOptions {
  /** The first pause between reads; it grows while nothing changes (IBM pushes nothing). */
  pollMs: number;
  maxPollMs: number;
  signal: AbortSignal;
  onChange: (recovery: VendorRecovery) => void;
}

const fingerprint = (r: VendorRecovery): string =>
  `${r.status}|${r.percent ?? ''}|${r.bytesRestored ?? ''}|${r.files.map((f) => f.status).join(',')}`;

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Reads a recovery until it has ended, backing off while it stands still and reading sooner again once it moves.
 * Throws CANCELLED when the signal aborts, NOT_FOUND when the vendor forgets it.
 */
export async function followRecovery(
  read: () => Promise<VendorRecovery | undefined>,
  options: FollowOptions,
): Promise<VendorRecovery> {
  const deadline = Date.now() + LIMIT_MS;
  let wait = options.pollMs;
  let last = '';
  for (;;) {
    if (options.signal.aborted) throw new VantageError('CANCELLED', 'Cancelled.');
    const recovery = await read();
    if (!recovery)
      throw new VantageError('NOT_FOUND', 'The recovery is gone: the service no longer lists it.');
    const now = fingerprint(recovery);
    if (now !== last) {
      options.onChange(recovery);
      wait = options.pollMs;
    } else wait = Math.min(options.maxPollMs, Math.round(wait * 1.5));
    last = now;
    if (ENDED.has(recovery.status)) return recovery;
    if (Date.now() > deadline)
      throw new VantageError(
        'TIMEOUT',
        `${recovery.name} did not end within a day; it is ${recovery.status}.`,
      );
    await pause(wait, options.signal);
  }
}

/** Where a recovery stands, in a sentence for the task. */
export function describeRecovery(r: VendorRecovery): string {
  const done = r.files.filter((f) => f.status === 'Finished').length;
  return `${r.name} is ${r.status}: ${done} of ${r.files.length} selected items copied`;
}
