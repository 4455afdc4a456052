import { describe, expect, it } from 'vitest';

import { createPausableTime } from './clock';

describe('pausable time', () => {
  it('follows the wall clock, stands still while paused, and goes on from there without the pause', () => {
    let wall = 1_000;
    const time = createPausableTime(() => wall);
    wall += 50;
    expect(time.now()).toBe(1_050);
    time.pause();
    wall += 500;
    expect(time.now()).toBe(1_050);
    time.pause();
    expect(time.now()).toBe(1_050);
    time.resume();
    expect(time.now()).toBe(1_050);
    wall += 20;
    expect(time.now()).toBe(1_070);
    time.resume();
    expect(time.now()).toBe(1_070);
  });
});
