import type { LabResponse } from '../core/types';

/** ComodIT's error body: `{"error": ["message", ...]}` (comodit-client `rest/client.py` joins `data["error"]`). */
export function errorBody(messages: readonly string[]): { error: string[] } {
  return { error: [...messages] };
}

export function comoditError(status: number, message: string, headers?: Record<string, string>): LabResponse {
  return { status, body: errorBody([message]), reason: message, ...(headers ? { headers } : {}) };
}

/** A lookup that either found what it wanted or already knows the error answer. */
export type Found<T> = { ok: true; value: T } | { ok: false; response: LabResponse };

export const found = <T>(value: T): Found<T> => ({ ok: true, value });
export const refused = <T>(status: number, message: string): Found<T> => ({
  ok: false,
  response: comoditError(status, message),
});
