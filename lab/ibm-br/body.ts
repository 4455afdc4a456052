import { badRequest } from './errors';

/* Reading JSON request bodies defensively: a wrong shape is the service's KValidationError, never a crash. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireBody(body: unknown): Json {
  if (!isObject(body)) throw badRequest('The request body has an error: a JSON object is expected');
  return body;
}

export function optObject(obj: Json, key: string): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest(`The request body has an error: ${key} must be an object`);
  return value;
}

export function reqObject(obj: Json, key: string): Json {
  const value = optObject(obj, key);
  if (!value) throw badRequest(`The request body has an error: ${key} is required`);
  return value;
}

export function optString(obj: Json, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`The request body has an error: ${key} must be a string`);
  return value;
}

export function reqString(obj: Json, key: string): string {
  const value = optString(obj, key);
  if (value === undefined || value === '')
    throw badRequest(`The request body has an error: ${key} is required`);
  return value;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], key: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(
      `The request body has an error: ${key} must be one of ${allowed.join(', ')}, got "${value}"`,
    );
  return value as T;
}

export function optBool(obj: Json, key: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`The request body has an error: ${key} must be a boolean`);
  return value;
}

export function optInt(obj: Json, key: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw badRequest(`The request body has an error: ${key} must be an integer`);
  return value;
}

export function reqInt(obj: Json, key: string): number {
  const value = optInt(obj, key);
  if (value === undefined) throw badRequest(`The request body has an error: ${key} is required`);
  return value;
}

export function optArray(obj: Json, key: string): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest(`The request body has an error: ${key} must be an array`);
  return value as unknown[];
}

export function reqArray(obj: Json, key: string): unknown[] {
  const value = optArray(obj, key);
  if (!value || value.length === 0) throw badRequest(`The request body has an error: ${key} is required`);
  return value;
}

/** Items of an array that must all be objects. */
export function objects(items: readonly unknown[], key: string): Json[] {
  return items.map((item) => {
    if (!isObject(item)) throw badRequest(`The request body has an error: items of ${key} must be objects`);
    return item;
  });
}

/** Keeps only the keys the SDK sends for an operation: absent stays absent, unknown keys are dropped. */
export function pick(obj: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
