import { describe, expect, it } from 'vitest';

import { JsonTooDeepError, parseJson } from './json';
import { scanJson } from './json-scan';

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

  it('leaves long digit runs inside strings alone, wherever they stand', () => {
    const text =
      '{"a": "x,12345678901234567890}", "b": ["[-98765432109876543210]"], "c": ":11112222333344445555,", ' +
      '"d": 12345678901234567890 }';
    expect(parseJson(text, { int64: true })).toEqual({
      a: 'x,12345678901234567890}',
      b: ['[-98765432109876543210]'],
      c: ':11112222333344445555,',
      d: '12345678901234567890',
    });
  });

  it('quotes the integers from 2^53 on and leaves microsecond timestamps as numbers', () => {
    const text =
      '[9007199254740991, 9007199254740992, -9999999999999999, 10000000000000000, 1796579993207021]';
    expect(parseJson(text, { int64: true })).toEqual([
      9007199254740991,
      '9007199254740992',
      '-9999999999999999',
      '10000000000000000',
      1796579993207021,
    ]);
  });

  it('keeps 16-digit integers that are still exact as numbers, and long decimals as numbers', () => {
    const text = '[4883409688482061, 1234567890123456789.5, 12345678901234567890e2]';
    expect(parseJson(text, { int64: true })).toEqual(JSON.parse(text));
    expect((parseJson(text, { int64: true }) as unknown[]).every((n) => typeof n === 'number')).toBe(true);
  });

  it('throws on malformed JSON', () => {
    expect(() => parseJson('{"id": ', { int64: true })).toThrow(SyntaxError);
  });
});

describe('nesting', () => {
  it('refuses 2 million nested arrays before parsing, and accepts what records really look like', () => {
    const deep = '['.repeat(2_000_000) + ']'.repeat(2_000_000);
    expect(() => parseJson(deep)).toThrow(JsonTooDeepError);
    expect(() => parseJson(`{"a": ${deep}}`, { int64: true })).toThrow(JsonTooDeepError);
    const record = { vm: { nics: [{ ips: [['10.0.0.1']] }] } };
    expect(parseJson(JSON.stringify(record))).toEqual(record);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ name: `a \\" ${'['.repeat(1000)}`, list: [[1]] });
    expect(parseJson(text, { maxDepth: 3 })).toEqual(JSON.parse(text));
    expect(() => parseJson('[[[[1]]]]', { maxDepth: 3 })).toThrow(JsonTooDeepError);
  });
});

describe('the scan before parsing', () => {
  it('finds the digit runs that may be beyond 2^53 outside strings, and only those', () => {
    const scan = (text: string) => scanJson(text, 256).longDigits;
    // Microsecond timestamps (16 digits from a 1) and safe 16-digit ids need no quoting pass.
    expect(scan('{"startTimeUsecs": 1796579993207021, "id": 4883409688482061}')).toBe(false);
    expect(scan('{"id": "12345678901234567890", "note": "9007199254740993"}')).toBe(false);
    expect(scan('{"id": 9007199254740993}')).toBe(true);
    expect(scan('[-12345678901234567]')).toBe(true);
    // The quoting pass is skipped without such a run: the numbers come back as JSON.parse reads them.
    expect(parseJson('[1796579993207021, 1.5]', { int64: true })).toEqual([1796579993207021, 1.5]);
  });

  it('reports the depth and the digits of the same pass', () => {
    expect(scanJson('[[[9007199254740993]]]', 2)).toEqual({ tooDeep: true, longDigits: false });
    expect(scanJson('[9007199254740993, [[1]]]', 2)).toEqual({ tooDeep: true, longDigits: true });
    expect(scanJson('{"a": "[[[[", "b": [1]}', 2)).toEqual({ tooDeep: false, longDigits: false });
  });
});
