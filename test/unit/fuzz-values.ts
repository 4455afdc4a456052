import { randomUUID } from 'node:crypto';

import * as z from 'zod';

/**
 * Malformed values for the IPC fuzz test, and a plausible valid value for a zod schema (so that one bad field at a
 * time reaches past the others' validation, into the service). Built from the schemas: new channels need nothing here.
 */

const MB = 1024 * 1024;
const DEPTH = 100_000;

/** A fresh 10 MB string each time: a leak of any of them shows in the heap, as one shared string would not. */
export const hugeString = (seed: number): string => String.fromCharCode(97 + (seed % 26)).repeat(10 * MB);

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

// Built once: only the huge strings need to be fresh to show a leak.
const DEEP_ARRAY = deepArray(DEPTH);
const DEEP_OBJECT = deepObject(DEPTH);
const DEEP_JSON = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const OPEN_JSON = '['.repeat(DEPTH);

/** Wrong types, prototype keys (as JSON.parse makes them: own properties), deep nesting, huge and odd strings. */
export function badValues(seed: number): unknown[] {
  return [
    null,
    true,
    0,
    -1,
    1e308,
    Number.NaN,
    '',
    'x',
    '\u0000\u202e\ud800',
    [],
    {},
    [null, 1, 'x'],
    hugeString(seed),
    DEEP_ARRAY,
    DEEP_OBJECT,
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    Object.create(null),
    // What a structured clone or JSON can carry and String() throws on.
    { toString: 1 },
    // Strings that main may parse further (an import file, a search text).
    '{"__proto__": {"polluted": true}, "format": "vantage-profiles", "version": 1, "profiles": []}',
    DEEP_JSON,
    OPEN_JSON,
  ];
}

const CANDIDATES: (() => unknown)[] = [
  () => randomUUID(),
  () => `${randomUUID()}/vm-1`,
  () => 0,
  () => 1,
  () => 'x',
  () => true,
  () => new Date().toISOString(),
];

/** A value the schema accepts, when a simple one exists; `undefined` otherwise. */
export function plausible(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable)
    return plausible(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodEnum) return schema.options[0];
  if (schema instanceof z.ZodArray) return [plausible(schema.element as z.ZodType)];
  if (schema instanceof z.ZodObject)
    return Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [
        key,
        plausible(field),
      ]),
    );
  for (const candidate of CANDIDATES) {
    const value = candidate();
    if (schema.safeParse(value).success) return value;
  }
  return undefined;
}

/** The fields of an object schema (after unwrapping), for one bad field at a time. */
export function fieldsOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return fieldsOf(schema.unwrap() as z.ZodType);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Every malformed argument for one schema: the whole argument replaced, one field replaced, missing or extra. */
export function* malformedArguments(schema: z.ZodType, seed: number): Generator<unknown> {
  const base = plausible(schema);
  const object = typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {};
  let n = seed;
  for (const value of badValues(n++)) if (value !== undefined) yield value;
  for (const field of fieldsOf(schema)) {
    for (const value of badValues(n++)) yield { ...object, [field]: value };
    const { [field]: _missing, ...rest } = object as Record<string, unknown>;
    yield rest;
  }
  yield JSON.parse(
    `{"__proto__": {"polluted": true}, ${JSON.stringify(object).slice(1)}`.replace(', }', '}'),
  );
  yield { ...object, constructor: { prototype: { polluted: true } } };
}
