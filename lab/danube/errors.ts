/**
 * Danube's errors are DRF style: `{"detail": <message>}` with the exception's status (`api/views.py`
 * `exception_handler`; classes and texts in `api/exceptions.py`). Views throw them, the dispatcher answers them.
 */
export class DanubeError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | Record<string, string[]>,
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

export const errorBody = (detail: unknown): { detail: unknown } => ({ detail });

const fail = (status: number, detail: string) => (): DanubeError => new DanubeError(status, detail);

/** 401s are coerced to 403: the first auth class (SessionAuthentication) gives no WWW-Authenticate value. */
export const notAuthenticated = fail(403, 'Authentication credentials were not provided.');
export const authFailed = (detail: string): DanubeError => new DanubeError(403, detail);
/** api.exceptions.PermissionDenied, raised inside views. */
export const permissionDenied = fail(403, 'You do not have permission to perform this action.');
/** django.core.exceptions.PermissionDenied, raised by `@request_data(permissions=...)`. */
export const djangoPermissionDenied = fail(403, 'Permission denied');
export const vmNotFound = fail(404, 'VM not found');
export const dcNotFound = fail(404, 'Datacenter not found');
export const notFound = (detail = 'Not found'): DanubeError => new DanubeError(404, detail);
export const taskNotFound = fail(404, 'Task does not exist (anymore)');
export const methodNotAllowed = (method: string): DanubeError =>
  new DanubeError(405, `Method "${method}" not allowed.`);
export const vmHasPendingTasks = fail(409, 'VM has pending tasks');
export const invalidInput = (detail: string): DanubeError => new DanubeError(412, detail);
export const unsupportedMediaType = (mediaType: string): DanubeError =>
  new DanubeError(415, `Unsupported media type "${mediaType}" in request.`);
export const expectationFailed = (detail: string): DanubeError => new DanubeError(417, detail);
export const nodeNotOperational = fail(423, 'Node is not operational');
export const vmNotOperational = (detail = 'VM is not operational'): DanubeError =>
  new DanubeError(423, detail);
export const preconditionRequired = (detail: string): DanubeError => new DanubeError(428, detail);
export const notSupported = fail(501, 'Operation not supported');
