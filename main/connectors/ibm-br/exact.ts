import { VantageError } from '../../../common/errors';
import type { Int64 } from './wire';

/** `JSON.rawJSON` (Node 21+), not yet in TypeScript's ES2023 library. */
const rawJSON = (text: string): unknown =>
  (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON(text);

/**
 * An int64 id as an exact JSON integer in a request body: ids beyond 2^53 are read as decimal strings and must go
 * back as integers, not rounded numbers nor strings (the service reads them as int64).
 */
export function exactInt(id: Int64): unknown {
  const digits = String(id);
  if (!/^-?\d{1,20}$/.test(digits))
    throw new VantageError('INVALID_ARGUMENT', `“${digits}” is not an integer id.`);
  return rawJSON(digits);
}

/** Microseconds or milliseconds since the epoch as an ISO time; undefined when absent. */
export const usecsToIso = (usecs: number | undefined): string | undefined =>
  usecs === undefined ? undefined : new Date(Math.floor(usecs / 1000)).toISOString();
export const msecsToIso = (msecs: number | undefined): string | undefined =>
  msecs === undefined ? undefined : new Date(msecs).toISOString();
export const secsToIso = (secs: number | undefined): string | undefined =>
  secs === undefined ? undefined : new Date(secs * 1000).toISOString();
