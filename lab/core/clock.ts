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

/**
 * Resolves once `clock.now()` has reached `time`. A timer alone is not enough: Node measures it from the event loop's
 * cached time, which lags the wall clock under load, so it may fire a millisecond or two before `now()` gets there.
 */
export async function waitUntil(clock: LabClock, time: number): Promise<void> {
  for (let left = time - clock.now(); left > 0; left = time - clock.now())
    await new Promise((resolve) => setTimeout(resolve, left));
}
