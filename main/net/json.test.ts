import { describe, expect, it } from 'vitest';

import { parseJson } from './json';

describe('upstream JSON', () => {
  it('keeps ids beyond 2^53 exact as strings, and leaves other numbers alone', () => {
    const text =
      '{"id": 9007199254740993, "runs": [1, 2.5, -9223372036854775807], "name": "x", "big": 1e300}';
    expect(parseJson(text, { int64: true })).toEqual({
      id: '9007199254740993',
      runs: [1, 2.5, '-9223372036854775807'],
      name: 'x',
      big: 1e300,
    });
    // Without the option the id is rounded, as plain JSON.parse does: the option is what makes it exact.
    expect((parseJson(text) as { id: number }).id).toBe(9007199254740992);
  });

  it('throws on malformed JSON', () => {
    expect(() => parseJson('{"id": ', { int64: true })).toThrow(SyntaxError);
  });
});
