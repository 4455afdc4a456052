import type { HttpMethod, LabRequest, LabResponse, RouteHandler } from '../core/types';
import { errorResponse, IbmError } from './errors';

/* Answer helpers shared by the route modules. */

export type Handler = (req: LabRequest) => LabResponse | Promise<LabResponse>;

/** JSON answers may carry int64 ids beyond 2^53 as bigint: always serialise them exactly. */
export function json(status: number, body: unknown): LabResponse {
  return { status, body, int64: true };
}

export const ok = (body: unknown): LabResponse => json(200, body);
export const created = (body: unknown): LabResponse => json(201, body);
export const noContent = (): LabResponse => ({ status: 204 });

/** Turns an IbmError thrown by validation or look-ups into the vendor's error answer. */
export function guarded(handler: Handler, before?: (req: LabRequest) => void): RouteHandler {
  return async (req) => {
    try {
      before?.(req);
      return await handler(req);
    } catch (error) {
      if (error instanceof IbmError) return errorResponse(error);
      throw error;
    }
  };
}

/** A path parameter (find-my-way has already percent-decoded it, so `%3A` and `:` are the same). */
export function param(req: LabRequest, name: string): string {
  return req.params[name] ?? '';
}

/** Registers a /v2 operation: the route modules never see the prefix, the auth check or the error mapping. */
export type Route = (method: HttpMethod, path: string, handler: Handler) => void;

/** Bodies with int64 fields beyond 2^53 must be read from the raw text: JSON.parse would round them. */
export function rawInt64(req: LabRequest, key: string): string | undefined {
  const match = new RegExp(`"${key}"\\s*:\\s*(-?\\d+)`).exec(req.rawBody.toString('utf8'));
  return match?.[1];
}

/** Opaque pagination cookies: the offset of the next page. */
export function encodeCookie(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

export function decodeCookie(cookie: string | undefined): number {
  if (cookie === undefined || cookie === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the validation error
  }
  throw new IbmError(400, `Invalid pagination cookie: ${cookie}`);
}

/** One page of a filtered listing, with the cookie for the next page when more remain. */
export function page<T>(
  items: readonly T[],
  cookie: string | undefined,
  count: number,
): { items: T[]; next?: string } {
  const offset = decodeCookie(cookie);
  const end = offset + count;
  return { items: items.slice(offset, end), ...(end < items.length ? { next: encodeCookie(end) } : {}) };
}
