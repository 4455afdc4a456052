import type { HttpResponse } from '../../net/http-client';

/** What Danube says when a signed-in user lacks a permission (a 403 that is not an authentication failure). */
const NO_PERMISSION = 'You do not have permission to perform this action.';
/** Django's PermissionDenied, raised by `@request_data(permissions=...)` and the task views. */
const PERMISSION_DENIED = 'Permission denied';

/** Danube's words: `detail` at the top, inside `result`, or a field map from a 400 (four-vendors.md §1.4). */
export function danubeMessage(response: HttpResponse): string | undefined {
  const body = response.body as { detail?: unknown; result?: unknown } | undefined;
  const inner = body?.result as { detail?: unknown } | string | undefined;
  const detail = body?.detail ?? (typeof inner === 'object' ? inner?.detail : inner);
  if (typeof detail === 'string') return detail;
  if (body && typeof body === 'object') return JSON.stringify(body).slice(0, 200);
  return undefined;
}

/** Danube answers 403 for both: a missing permission must not send the connector signing in again. */
export function isPermissionRefusal(response: HttpResponse): boolean {
  const said = danubeMessage(response);
  return response.status === 403 && (said === NO_PERMISSION || said === PERMISSION_DENIED);
}
