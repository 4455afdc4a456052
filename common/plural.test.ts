import { describe, expect, it } from 'vitest';

import { agree, plural } from './plural';

describe('plural', () => {
  it('says one without an s and every other count with it', () => {
    expect(plural(1, 'profile')).toBe('1 profile');
    expect(plural(0, 'profile')).toBe('0 profiles');
    expect(plural(2, 'machine')).toBe('2 machines');
  });
  it('takes an irregular plural', () => {
    expect(plural(1, 'match', 'matches')).toBe('1 match');
    expect(plural(12_500, 'match', 'matches')).toBe('12500 matches');
  });
  it('agrees the verb with the count', () => {
    expect(`${plural(1, 'machine')} ${agree(1, 'matches', 'match')}`).toBe('1 machine matches');
    expect(`${plural(3, 'machine')} ${agree(3, 'matches', 'match')}`).toBe('3 machines match');
  });
});
