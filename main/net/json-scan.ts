const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;

/** The end of the string that starts at `start` (its closing quote), or -1 when it is not closed. */
function stringEnd(text: string, start: number): number {
  for (let end = text.indexOf('"', start + 1); end >= 0; end = text.indexOf('"', end + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
  return -1;
}

export interface JsonScan {
  /** Arrays and objects nest deeper than the limit. */
  tooDeep: boolean;
  /**
   * A run of digits outside strings that may be an integer beyond 2^53: 17 digits or more, or 16 from a 9. Without
   * one, no integer needs quoting (microsecond timestamps are 16 digits from a 1).
   */
  longDigits: boolean;
}

/**
 * One pass over JSON text without building anything (string contents are skipped with `indexOf`): how deep it nests,
 * checked before parsing (a JSON.parse of 2 million nested arrays costs hundreds of MiB for a few MiB of text), and
 * whether any number could need int64 care, so that the quoting pass runs only on the answers that have one.
 */
export function scanJson(text: string, limit: number): JsonScan {
  let depth = 0;
  let longDigits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      // An unclosed string is malformed JSON: the parser says so.
      if (i < 0) break;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return { tooDeep: true, longDigits };
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    else if (c >= ZERO && c <= NINE) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) >= ZERO && text.charCodeAt(end) <= NINE) end++;
      const run = end - i;
      if (run > 16 || (run === 16 && c === NINE)) longDigits = true;
      i = end - 1;
    }
  }
  return { tooDeep: false, longDigits };
}
