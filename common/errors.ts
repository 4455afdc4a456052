/** Every error that crosses from main to the renderer carries one of these codes, a sentence and optional details. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'INTERNAL',
  'NOT_FOUND',
  'CONFLICT',
  'READ_ONLY',
  'CANCELLED',
  'TIMEOUT',
  'UNREACHABLE',
  'CERT_UNTRUSTED',
  'CERT_CHANGED',
  'AUTH_FAILED',
  'PERMISSION_DENIED',
  'UPSTREAM',
  'KEYCHAIN_UNAVAILABLE',
  /** A profile needs its secret and none is at hand (e.g. one kept for a session that ended): ask the user. */
  'SECRET_REQUIRED',
  'UNSUPPORTED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error as it travels: plain data, so it survives structured cloning and the context bridge. */
export interface IpcError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { result: T } | { error: IpcError };

export class VantageError extends Error implements IpcError {
  override readonly name = 'VantageError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toIpc(): IpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<IpcError>;
  return (
    typeof candidate.message === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code as string)
  );
}
