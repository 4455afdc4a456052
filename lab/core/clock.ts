/**
 * Time for simulated work. Wall-clock `now()` drives token expiry; `scaled(ms)` shortens simulated delays
 * (a VM stopping, a backup run) so that tests can run a realistic lab quickly with a small time scale.
 */
export interface LabClock {
  now(): number;
  scaled(ms: number): number;
}

export function createClock(timeScale = 1, now: () => number = Date.now): LabClock {
  if (!(timeScale > 0)) throw new Error(`time scale must be positive, got ${timeScale}`);
  return { now, scaled: (ms) => Math.max(0, Math.round(ms * timeScale)) };
}

/** A wall clock that can be held still, for `LabOptions.now`. */
export interface PausableTime {
  now(): number;
  /** Stops time: tasks stay pending and tokens valid until `resume()`, however slow the machine is. */
  pause(): void;
  /** Lets time run again from where it stopped (the pause does not count). */
  resume(): void;
}

export function createPausableTime(wall: () => number = Date.now): PausableTime {
  let pausedAt: number | undefined;
  let lost = 0;
  const now = (): number => pausedAt ?? wall() - lost;
  return {
    now,
    pause() {
      pausedAt = now();
    },
    resume() {
      if (pausedAt === undefined) return;
      lost = wall() - pausedAt;
      pausedAt = undefined;
    },
  };
}

/**
 * Resolves once `clock.now()` has reached `time`. A timer alone is not enough: Node measures it from the event loop's
 * cached time, which lags the wall clock under load, so it may fire a millisecond or two before `now()` gets there.
 */
export async function waitUntil(clock: LabClock, time: number): Promise<void> {
  for (let left = time - clock.now(); left > 0; left = time - clock.now())
    await new Promise((resolve) => setTimeout(resolve, left));
}
