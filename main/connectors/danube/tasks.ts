import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../../common/errors';
import type { ActionProgress } from '../../../common/machines';
import type { HttpResponse } from '../../net/http-client';
import { envelopeOf, taskPath, type DanubeApi } from './api';
import { danubeMessage } from './messages';
import { cancelled, rawAnswer, refusal, taskFailure, type Attempt } from './refusals';

/** Polling starts fast and backs off: real Danube allows a user 45 calls a minute (`api/throttling.py`). */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 3000;
const BACKOFF = 1.6;
const MAX_THROTTLE_WAIT_MS = 60_000;
/**
 * Danube answers PENDING for ever for a task id it does not know (celery has no "unknown"), so following a task
 * needs an end: longer than the longest real task (a stop that waits out a 300 s Windows shutdown timeout).
 */
export const TASK_DEADLINE_MS = 15 * 60_000;

/** How long to follow a task before giving up on it. */
export interface FollowOptions {
  deadlineMs?: number;
}

function pastDeadline(taskId: string, attempt: Attempt, deadlineMs: number): VantageError {
  const minutes = Math.max(1, Math.round(deadlineMs / 60_000));
  return new VantageError(
    'TIMEOUT',
    `Danube Cloud still reports the task to ${attempt.phrase} as pending after ${minutes} minute${minutes === 1 ? '' : 's'}. ` +
      'Danube says "pending" also for a task it has lost, so Vantage stopped following it: refresh to see the ' +
      "VM's status, and look for the task in Danube Cloud's task log.",
    { taskId },
  );
}

/** Waits, or less when the signal aborts meanwhile. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

/** 429 `Request was throttled. Expected available in N seconds.` */
function throttledFor(response: HttpResponse): number {
  const seconds = /(\d+)\s*second/.exec(danubeMessage(response) ?? '')?.[1];
  return Math.min(MAX_THROTTLE_WAIT_MS, seconds ? Number(seconds) * 1000 : MAX_POLL_MS);
}

/**
 * Polls `/task/<id>/status/` until the task leaves PENDING/STARTED (201) and answers that last response. When the
 * signal aborts, asks Danube to cancel (`PUT /task/<id>/cancel/`): a 410 REVOKED ends in CANCELLED; a task that
 * can no longer be cancelled is followed to its end, so the outcome reported is the one that happened.
 */
async function followTask(
  api: DanubeApi,
  taskId: string,
  attempt: Attempt,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
  deadlineMs: number,
): Promise<HttpResponse> {
  progress({ message: `Danube Cloud queued the task to ${attempt.phrase}.`, vendorTaskId: taskId });
  const deadline = performance.now() + deadlineMs;
  let delay = FIRST_POLL_MS;
  let state = 'PENDING';
  let cancellable = true;
  for (;;) {
    // An aborted signal ends the pause at once.
    await pause(delay, cancellable ? signal : undefined);
    if (cancellable && signal.aborted) {
      cancellable = false;
      const answer = await api.put(taskPath(taskId, 'cancel'));
      if (answer.status === 410) throw cancelled(attempt, rawAnswer(answer));
      if ((answer.status === 200 || answer.status === 400) && envelopeOf(answer)?.task_id === taskId)
        return answer;
      progress({
        message: `Danube Cloud could not cancel the task (“${danubeMessage(answer) ?? answer.status}”): following it to its end.`,
        vendorTaskId: taskId,
      });
      continue;
    }
    if (performance.now() > deadline) throw pastDeadline(taskId, attempt, deadlineMs);
    const answer = await api.get(taskPath(taskId, 'status'));
    if (answer.status === 429) {
      delay = throttledFor(answer);
      continue;
    }
    if (answer.status !== 201) return answer;
    const now = envelopeOf(answer)?.status;
    if (now && now !== state) {
      state = now;
      progress({ message: `Danube Cloud is working to ${attempt.phrase} (${now}).`, vendorTaskId: taskId });
    }
    delay = Math.min(delay * BACKOFF, MAX_POLL_MS);
  }
}

/** A task result that comes from the node (`returncode`), not from the API's own checks. */
const ranOnNode = (response: HttpResponse): boolean => {
  const result = envelopeOf(response)?.result;
  return typeof result === 'object' && result !== null && 'returncode' in result;
};

/**
 * The end of a status call: a synchronous 200 SUCCESS as it came, or a queued task (201 PENDING) followed to its
 * end. Answers the final SUCCESS response; anything else throws a plain sentence with the raw answer.
 */
export async function settle(
  api: DanubeApi,
  answer: HttpResponse,
  attempt: Attempt,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
  options: FollowOptions = {},
): Promise<HttpResponse> {
  const taskId = envelopeOf(answer)?.task_id;
  const queued = answer.status === 201 && taskId !== undefined;
  const deadlineMs = options.deadlineMs ?? TASK_DEADLINE_MS;
  const final = queued ? await followTask(api, taskId, attempt, progress, signal, deadlineMs) : answer;
  const state = envelopeOf(final)?.status;
  if (final.status === 200 && state === 'SUCCESS') return final;
  if (final.status === 410 && state === 'REVOKED') throw cancelled(attempt, rawAnswer(final));
  if (final.status === 400 && state === 'FAILURE' && (queued || ranOnNode(final)))
    throw taskFailure(final, attempt);
  throw refusal(final, attempt);
}
