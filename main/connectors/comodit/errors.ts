import { VantageError } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';

/** ComodIT errors are `{"error": ["…", …]}` (four-vendors.md §2.3). */
export function comoditMessage(response: HttpResponse): string | undefined {
  const errors = (response.body as { error?: unknown } | undefined)?.error;
  return Array.isArray(errors)
    ? errors.map(String).join('; ')
    : typeof errors === 'string'
      ? errors
      : undefined;
}

/** The vendor's answer as error details: status and body (or the start of the text when it was not JSON). */
export const rawAnswer = (response: HttpResponse): { status: number; body: unknown } => ({
  status: response.status,
  body: response.body ?? response.text.slice(0, 500),
});

/** ` (ComodIT said: “…”)`, or nothing when the answer had no message. */
export function saidSuffix(response: HttpResponse): string {
  const said = comoditMessage(response)?.replace(/[.\s]+$/, '');
  return said ? ` (ComodIT said: “${said}”)` : '';
}

export function cancelled(what: string): VantageError {
  return new VantageError('CANCELLED', `${what} was cancelled.`);
}

export function throwIfAborted(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw cancelled(what);
}
