import { describe, expect, it } from 'vitest';

import type { VendorRecovery } from '../../connectors/restore';
import { followRecovery } from './follow';

const at = (status: string, percent?: number): VendorRecovery => ({
  id: 'r',
  name: 'r',
  action: 'DownloadFilesAndFolders',
  environment: 'kPhysical',
  status,
  ...(percent === undefined ? {} : { percent }),
  files: [],
  messages: [],
});

/** Reads the given states one after the other, noting when each read happened. */
function reader(states: (VendorRecovery | undefined)[]) {
  const times: number[] = [];
  let i = 0;
  return {
    times,
    read: () => {
      times.push(Date.now());
      return Promise.resolve(states[Math.min(i++, states.length - 1)]);
    },
  };
}

describe('followRecovery', () => {
  it('reads until the recovery has ended, reporting each change once, and waits longer while nothing moves', async () => {
    const still = at('Running', 10);
    const { read, times } = reader([
      at('Accepted'),
      still,
      still,
      still,
      still,
      at('Running', 50),
      at('Succeeded'),
    ]);
    const seen: string[] = [];
    const ended = await followRecovery(read, {
      pollMs: 50,
      maxPollMs: 1000,
      signal: new AbortController().signal,
      onChange: (r) => seen.push(`${r.status} ${r.percent ?? ''}`.trim()),
    });
    expect(ended.status).toBe('Succeeded');
    expect(seen).toEqual(['Accepted', 'Running 10', 'Running 50', 'Succeeded']);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    // Standing still the pause grows (50, 75, 112, 168 ms); timers never fire early, so lower bounds are safe.
    expect(gaps[2]).toBeGreaterThanOrEqual(70);
    expect(gaps[4]).toBeGreaterThanOrEqual(160);
  });

  it('stops with CANCELLED when the signal aborts, and NOT_FOUND when the service forgets it', async () => {
    const controller = new AbortController();
    const following = followRecovery(reader([at('Running')]).read, {
      pollMs: 10_000,
      maxPollMs: 10_000,
      signal: controller.signal,
      onChange: () => undefined,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(following).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(
      followRecovery(reader([undefined]).read, {
        pollMs: 10,
        maxPollMs: 10,
        signal: new AbortController().signal,
        onChange: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
