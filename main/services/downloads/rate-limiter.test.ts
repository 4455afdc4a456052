import { describe, expect, it } from 'vitest';

import { createRateLimiter } from './rate-limiter';

describe('rate limiter', () => {
  it('does not wait without a limit', async () => {
    const started = Date.now();
    await createRateLimiter(() => 0).take(10_000_000);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('paces takes to the limit', async () => {
    const limiter = createRateLimiter(() => 100_000);
    const started = Date.now();
    for (let i = 0; i < 3; i++) await limiter.take(10_000);
    // 30 000 bytes at 100 000 B/s: 300 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});
