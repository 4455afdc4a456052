import { scanJson } from './json-scan';

// JSON.parse with source text access (V8 11.4+): the reviver sees the literal digits of each number.
type SourceReviver = (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown;
const parseWithSource = JSON.parse as (text: string, reviver: SourceReviver) => unknown;

const INTEGER_LITERAL = /^-?\d+$/;

const keepInt64 = (_key: string, value: unknown, context: { source?: string }): unknown =>
  typeof value === 'number' &&
  !Number.isSafeInteger(value) &&
  context.source !== undefined &&
  INTEGER_LITERAL.test(context.source)
    ? context.source
    : value;

/**
 * An integer that may be beyond 2^53 (9,007,199,254,740,992: 16 digits from 9e15 on, or 17 and more) in a value
 * position: after `:`, `[` or `,`, and followed by `,`, `]` or `}`. Microsecond timestamps (16 digits from 1e15) are
 * left out: matching each of them in a listing and rebuilding the text cost more than parsing it. Such a run inside a
 * string cannot be told apart by a regular expression, but quoting it there always breaks the JSON (the inserted
 * quote ends the string, and two values never follow each other), so the exact parse then takes over.
 */
const LONG_INTEGER = /([:[,]\s*)(-?(?:9\d{15}|[1-9]\d{16,}))(?=\s*[,\]}])/g;

function quoteLongIntegers(text: string): string {
  return text.replace(LONG_INTEGER, (match: string, before: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? match : `${before}"${digits}"`,
  );
}

/** Far deeper than any vendor's records (a dozen levels), and shallow enough to parse at no risk. */
export const MAX_JSON_DEPTH = 256;

/** The text nests deeper than the limit: refused before parsing. */
export class JsonTooDeepError extends Error {
  constructor(readonly limit: number) {
    super(`JSON nested deeper than ${limit} levels`);
  }
}

/**
 * Parses upstream JSON, refusing nesting deeper than `maxDepth` (default MAX_JSON_DEPTH) before it parses. With `int64`, integers beyond 2^53 (IBM's ids) come back as their exact decimal string
 * instead of a rounded number; other numbers are untouched. The reviver that sees each number's source is exact but
 * four times slower than JSON.parse on IBM's 10 MB listings, so such integers are quoted first and plain JSON.parse
 * reads the result; the reviver remains for the text where quoting cannot be done safely.
 */
export function parseJson(text: string, options: { int64?: boolean; maxDepth?: number } = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const scan = scanJson(text, maxDepth);
  if (scan.tooDeep) throw new JsonTooDeepError(maxDepth);
  // Without a long run of digits outside strings no integer needs quoting: most answers skip the second pass.
  if (!options.int64 || !scan.longDigits) return JSON.parse(text) as unknown;
  try {
    return JSON.parse(quoteLongIntegers(text)) as unknown;
  } catch {
    return parseWithSource(text, keepInt64);
  }
}
