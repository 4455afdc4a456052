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
 * Parses upstream JSON. With `int64`, integers beyond 2^53 (IBM's ids) come back as their exact decimal string
 * instead of a rounded number; other numbers are untouched. Plain JSON.parse otherwise: it is several times faster.
 */
export function parseJson(text: string, options: { int64?: boolean } = {}): unknown {
  return options.int64 ? parseWithSource(text, keepInt64) : (JSON.parse(text) as unknown);
}
