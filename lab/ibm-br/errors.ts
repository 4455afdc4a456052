import type { LabResponse } from '../core/types';

/** The error codes of IBM's table (baas-common-headers-errors): one per status the service documents. */
const CODES: Record<number, string> = {
  400: 'KValidationError',
  401: 'KStatusUnauthorized',
  403: 'KAccessDenied',
  404: 'KEntityNotExistsError',
  409: 'KDuplicateError',
};

export function errorCodeFor(status: number): string {
  return CODES[status] ?? 'KInternalError';
}

/** The Cohesity/BRS error body: `{errorCode, message}`. */
export function errorBody(status: number, message: string): { errorCode: string; message: string } {
  return { errorCode: errorCodeFor(status), message };
}

/** Thrown anywhere inside a handler; the route wrapper turns it into the vendor's error answer. */
export class IbmError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason = message,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, reason?: string): IbmError => new IbmError(400, message, reason);
export const notFound = (message: string): IbmError => new IbmError(404, message);
export const duplicate = (message: string): IbmError => new IbmError(409, message);

/** Names unique per tenant: the service answers KDuplicateError "... already exists in organization". */
export function assertUniqueName<T>(
  items: Iterable<T>,
  nameOf: (item: T) => unknown,
  name: string,
  self: T | undefined,
  label: string,
): void {
  for (const item of items)
    if (item !== self && nameOf(item) === name)
      throw duplicate(`${label} with name '${name}' already exists in organization.`);
}

export function errorResponse(error: IbmError): LabResponse {
  return { status: error.status, body: errorBody(error.status, error.message), reason: error.reason };
}
