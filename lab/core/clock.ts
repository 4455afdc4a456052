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
