import { describe, expect, it } from 'vitest';

import { currentBoot, sameBoot } from './boot';

describe('boot identity', () => {
  it('names this boot the same way twice, and knows it', async () => {
    const now = await currentBoot();
    expect(now).toMatch(/^(id:[\w-]+|at:\d+)$/);
    expect(sameBoot(now, await currentBoot())).toBe(true);
  });

  it('counts another boot, or none recorded, as a restart of the machine', () => {
    expect(sameBoot('id:a', 'id:b')).toBe(false);
    expect(sameBoot(undefined, 'id:a')).toBe(false);
    // Boot times that differ by a clock adjustment are one boot; by an uptime, two.
    expect(sameBoot('at:1000000', 'at:1004000')).toBe(true);
    expect(sameBoot('at:1000000', 'at:1900000')).toBe(false);
  });
});
