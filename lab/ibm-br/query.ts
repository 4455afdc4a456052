import { badRequest } from './errors';

/*
 * Query parameters as IBM's Go SDK sends them: arrays comma-joined in one value (`ids=1,2,3`, URL-encoded as
 * `%2C` by url.Values.Encode), booleans as true/false, int64 as decimal. A repeated parameter is accepted too.
 */

export function stringList(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function intList(query: URLSearchParams, name: string): number[] | undefined {
  return stringList(query, name)?.map((item) => parseInteger(item, name));
}

export function bool(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Invalid value "${value}" for boolean parameter ${name}`);
}

export function int(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  return value === null ? undefined : parseInteger(value, name);
}

export function parseInteger(text: string, name: string): number {
  if (!/^-?\d+$/.test(text)) throw badRequest(`Invalid value "${text}" for integer parameter ${name}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw badRequest(`Value of ${name} is out of range: ${text}`);
  return value;
}

/** Filter helper: true when no filter was given or the value is in it. */
export function within<T>(filter: readonly T[] | undefined, value: T): boolean {
  return filter === undefined || filter.includes(value);
}
