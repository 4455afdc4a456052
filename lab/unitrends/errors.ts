import type { LabResponse } from '../core/types';

/**
 * The appliance reports errors in a `result` array (wiki Home); the element shape `{code, message}` follows the PHP
 * handlers' `{"error": <code>, "message": <text>}` and is a guess (README).
 */
export function errorBody(status: number, message: string): { result: { code: number; message: string }[] } {
  return { result: [{ code: status, message }] };
}

export function unitrendsError(status: number, message: string): LabResponse {
  return { status, body: errorBody(status, message), reason: message };
}

/** A PHP handler's `{"error": 500, "message": ...}`: the appliance's usual way of saying no. */
export const handlerError = (message: string): LabResponse => unitrendsError(500, message);

export type Outcome<T> = { ok: true; value: T } | { ok: false; response: LabResponse };
export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(status: number, message: string): Outcome<T> => ({
  ok: false,
  response: unitrendsError(status, message),
});
