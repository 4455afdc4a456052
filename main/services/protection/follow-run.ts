import { setTimeout as sleep } from 'node:timers/promises';

import { FINAL_RUN_STATUSES, type ProtectionRun } from '../../../common/contract/protection';
import { VantageError } from '../../../common/errors';
import type { ActionProgress } from '../../../common/machines';
import type { ProtectionOperations } from '../../connectors/protection';

const LIMIT_MS = 12 * 60 * 60_000;

export interface FollowOptions {
  /** First wait between reads; it grows by half each time up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
}

/** Where a run stands, for the task's progress. */
export function runProgress(run: ProtectionRun): ActionProgress {
  const done = run.succeeded + run.failed + run.cancelled;
  const total = Math.max(run.objects.length, done);
  return {
    ...(total > 0 ? { percent: Math.round((done / total) * 100) } : {}),
    message: `${run.status}: ${done} of ${total} objects done`,
  };
}

/**
 * Follows a run to its end by polling with backoff (IBM pushes nothing). Aborting cancels the run at IBM and waits
 * for it to say `Canceled`, then throws CANCELLED; a run that ends `Failed` throws with IBM's own message.
 */
export async function followRun(
  ops: ProtectionOperations,
  groupId: string,
  runId: string,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
  options: FollowOptions,
): Promise<ProtectionRun> {
  const deadline = Date.now() + LIMIT_MS;
  let cancelAsked = false;
  for (let wait = options.pollMs; ; wait = Math.min(wait * 1.5, options.maxPollMs)) {
    if (signal.aborted && !cancelAsked) {
      cancelAsked = true;
      await ops.runAction(groupId, [runId], 'cancel');
    }
    const run = await ops.readRun(groupId, runId);
    progress(runProgress(run));
    if (FINAL_RUN_STATUSES.includes(run.status)) {
      if (cancelAsked || run.status === 'Canceled')
        throw new VantageError('CANCELLED', `Run ${runId} was cancelled.`, { runId });
      if (run.status === 'Failed') {
        const why = run.messages[0] ?? run.objects.find((o) => o.message)?.message ?? 'no reason given';
        throw new VantageError('UPSTREAM', `Run ${runId} failed: ${why}`, { runId, status: run.status });
      }
      return run;
    }
    if (Date.now() > deadline)
      throw new VantageError('TIMEOUT', `Run ${runId} did not end within twelve hours.`, { runId });
    // Cancelling must not cut the wait short forever: the loop reads again at once, then keeps its pace.
    await sleep(wait, undefined, signal.aborted ? {} : { signal }).catch(() => undefined);
  }
}
