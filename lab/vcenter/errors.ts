import type { FlavourId } from './flavour';

/**
 * vAPI standard error kinds and their HTTP status in each flavour (four-vendors.md §4.7): `/api` answers the
 * "server-side" kinds with 500, `/rest` (the vAPI runtime's fixed map) with 400.
 */
const STATUS = {
  INVALID_ARGUMENT: { api: 400, rest: 400 },
  INVALID_REQUEST: { api: 400, rest: 400 },
  ALREADY_IN_DESIRED_STATE: { api: 400, rest: 400 },
  NOT_ALLOWED_IN_CURRENT_STATE: { api: 400, rest: 400 },
  RESOURCE_IN_USE: { api: 400, rest: 400 },
  UNSUPPORTED: { api: 400, rest: 400 },
  UNAUTHENTICATED: { api: 401, rest: 401 },
  UNAUTHORIZED: { api: 403, rest: 403 },
  NOT_FOUND: { api: 404, rest: 404 },
  RESOURCE_BUSY: { api: 500, rest: 400 },
  RESOURCE_INACCESSIBLE: { api: 500, rest: 400 },
  UNABLE_TO_ALLOCATE_RESOURCE: { api: 500, rest: 400 },
  ERROR: { api: 500, rest: 400 },
  INTERNAL_SERVER_ERROR: { api: 500, rest: 500 },
  SERVICE_UNAVAILABLE: { api: 503, rest: 503 },
  TIMED_OUT: { api: 504, rest: 504 },
} as const satisfies Record<string, Record<FlavourId, number>>;

export type ErrorKind = keyof typeof STATUS;

/** `VapiStdLocalizableMessage`: the only required fields are id, default_message and args. */
export interface LocalizableMessage {
  args: string[];
  default_message: string;
  id: string;
}

export function message(id: string, text: string, ...args: string[]): LocalizableMessage {
  return { args, default_message: text, id };
}

export interface VapiErrorOptions {
  /** Operation-specific details (`FileErrorDetails`, `ProcessErrorDetails`, ...). */
  data?: Record<string, unknown>;
  /** `VapiStdErrorsUnauthenticated.challenge`, only sent by `/api`. */
  challenge?: string;
}

/** A vAPI standard error raised by the simulation; each flavour renders it in its own envelope. */
export class VapiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly messages: readonly LocalizableMessage[],
    readonly options: VapiErrorOptions = {},
  ) {
    super(messages[0]?.default_message ?? kind);
  }
}

/** The common case: one message. */
export function vapiError(kind: ErrorKind, id: string, text: string, ...args: string[]): VapiError {
  return new VapiError(kind, [message(id, text, ...args)]);
}

export function statusOf(kind: ErrorKind, flavour: FlavourId): number {
  return STATUS[kind][flavour];
}

/** The fields both flavours share: `{"error_type", "messages", "data"?}`. */
function errorCore(error: VapiError): Record<string, unknown> {
  return {
    error_type: error.kind,
    messages: error.messages,
    ...(error.options.data ? { data: error.options.data } : {}),
  };
}

/** `/api`: `{"error_type": "NOT_FOUND", "messages": [...], "data"?: {...}}`. */
export function apiErrorBody(error: VapiError): Record<string, unknown> {
  return { ...errorCore(error), ...(error.options.challenge ? { challenge: error.options.challenge } : {}) };
}

/** `/rest` (7.0.x): `{"type": "com.vmware.vapi.std.errors.not_found", "value": {"error_type", "messages"}}`. */
export function restErrorBody(error: VapiError): Record<string, unknown> {
  return { type: `com.vmware.vapi.std.errors.${error.kind.toLowerCase()}`, value: errorCore(error) };
}

function kindForStatus(status: number): ErrorKind {
  if (status === 400) return 'INVALID_ARGUMENT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429 || status === 503) return 'SERVICE_UNAVAILABLE';
  if (status === 504) return 'TIMED_OUT';
  if (status === 500) return 'INTERNAL_SERVER_ERROR';
  return 'ERROR';
}

/**
 * An error the core raises (unknown path, malformed body, injected fault, simulator bug) in the flavour of the path it
 * answers: `/rest` wraps it, `/api` does not. Paths outside both get both envelopes.
 */
export function coreErrorBody(status: number, text: string, path: string): Record<string, unknown> {
  const error = vapiError(kindForStatus(status), 'com.vmware.vapi.lab.error', text);
  if (path.startsWith('/rest/')) return restErrorBody(error);
  if (path.startsWith('/api/')) return apiErrorBody(error);
  return { ...restErrorBody(error), ...apiErrorBody(error) };
}
