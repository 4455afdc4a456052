/*
 * Lazy progress of asynchronous work (backup runs, recoveries, agent upgrades, source refreshes): only timestamps
 * are stored and the state is computed whenever it is read, so nothing runs in the background.
 */

export interface Timeline {
  /** Lab wall-clock ms when the work was admitted. */
  startedAt: number;
  /** How long it stays Accepted before it starts running (already scaled). */
  acceptMs: number;
  /** Active running time (already scaled), excluding pauses. */
  durationMs: number;
  pausedAt?: number;
  pausedMs: number;
  canceledAt?: number;
  cancelMs: number;
}

export type Phase = 'Accepted' | 'Running' | 'Paused' | 'Canceling' | 'Canceled' | 'Done';

export interface Progress {
  phase: Phase;
  /** 0..1 of the work done. */
  fraction: number;
  endedAt?: number;
}

export function timeline(
  startedAt: number,
  acceptMs: number,
  durationMs: number,
  cancelMs = acceptMs,
): Timeline {
  return { startedAt, acceptMs, durationMs, pausedMs: 0, cancelMs };
}

function activeFraction(t: Timeline, at: number): number {
  const elapsed = at - t.startedAt - t.pausedMs - t.acceptMs;
  if (elapsed <= 0) return 0;
  return t.durationMs <= 0 ? 1 : Math.min(1, elapsed / t.durationMs);
}

export function progressAt(t: Timeline, now: number): Progress {
  if (t.canceledAt !== undefined) {
    const endedAt = t.canceledAt + t.cancelMs;
    const fraction = activeFraction(t, t.canceledAt);
    return now < endedAt ? { phase: 'Canceling', fraction } : { phase: 'Canceled', fraction, endedAt };
  }
  if (t.pausedAt !== undefined) return { phase: 'Paused', fraction: activeFraction(t, t.pausedAt) };
  const end = t.startedAt + t.pausedMs + t.acceptMs + t.durationMs;
  if (now >= end) return { phase: 'Done', fraction: 1, endedAt: end };
  if (now < t.startedAt + t.pausedMs + t.acceptMs) return { phase: 'Accepted', fraction: 0 };
  return { phase: 'Running', fraction: activeFraction(t, now) };
}

export const isActive = (phase: Phase): boolean =>
  phase === 'Accepted' || phase === 'Running' || phase === 'Paused';

/** Returns false when the work is not in a state that allows the action. */
export function pause(t: Timeline, now: number): boolean {
  const { phase } = progressAt(t, now);
  if (phase !== 'Accepted' && phase !== 'Running') return false;
  t.pausedAt = now;
  return true;
}

export function resume(t: Timeline, now: number): boolean {
  if (t.pausedAt === undefined || t.canceledAt !== undefined) return false;
  t.pausedMs += now - t.pausedAt;
  t.pausedAt = undefined;
  return true;
}

export function cancel(t: Timeline, now: number): boolean {
  if (!isActive(progressAt(t, now).phase)) return false;
  if (t.pausedAt !== undefined) resume(t, now);
  t.canceledAt = now;
  return true;
}
