import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { VantageError } from '../../common/errors';
import { mapBounded } from './concurrency';

describe('bounded reads', () => {
  it('reports the first real failure, not the AbortError of the reads it dropped', async () => {
    const real = new VantageError('UPSTREAM', 'ComodIT answered 503.');
    const started: number[] = [];
    const listing = mapBounded(
      Array.from({ length: 40 }, (_, i) => i),
      4,
      new AbortController().signal,
      'The host list',
      async (i) => {
        started.push(i);
        await sleep(5);
        if (i === 2) throw real;
        return i;
      },
    );
    await expect(listing).rejects.toBe(real);
    // The queue was dropped: reads after the failure did not start.
    expect(started.length).toBeLessThan(40);
  });

  it('says CANCELLED when the caller stops the reads', async () => {
    const controller = new AbortController();
    const listing = mapBounded([1, 2, 3, 4, 5, 6], 2, controller.signal, 'The host list', async (i) => {
      if (i === 2) controller.abort();
      await sleep(5);
      return i;
    });
    await expect(listing).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'The host list was cancelled.',
    });
  });
});
