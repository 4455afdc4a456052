import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A shared bandwidth limit over every download: each received chunk "takes" its bytes, and the taker waits until the
 * budget (bytes per second, 0 for none) has caught up. Limiting after each chunk keeps the average at the limit
 * while the chunk requests themselves stay whole.
 */
export function createRateLimiter(bytesPerSecond: () => number, now: () => number = Date.now) {
  let availableAt = 0;
  return {
    async take(bytes: number, signal?: AbortSignal): Promise<void> {
      const rate = bytesPerSecond();
      if (rate <= 0) return;
      const start = Math.max(now(), availableAt);
      availableAt = start + (bytes / rate) * 1000;
      const wait = availableAt - now();
      if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined);
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
