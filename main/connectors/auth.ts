import { VantageError } from '../../common/errors';
import type { AuthStrategy, HttpResponse } from '../net/http-client';

export interface SignedIn {
  headers: Record<string, string>;
  /** Epoch ms; the session is renewed before it (at 80 % of its life) instead of failing a call. */
  expiresAt?: number;
  issuedAt?: number;
  identity?: string;
}

export interface TokenAuth extends AuthStrategy {
  /** Signs in now if there is no live session; returns it. */
  session(): Promise<SignedIn>;
  /** Whether a session is held now (so that signing out does not first sign in). */
  signedIn(): boolean;
  /** Forgets the session (after a sign-out). */
  clear(): void;
}

/**
 * Session handling shared by the vendors: sign in lazily and once at a time (concurrent calls share one sign-in),
 * renew ahead of a known expiry, and start over when the upstream says the session is gone.
 */
export function tokenAuth(
  signIn: () => Promise<SignedIn>,
  isAuthFailure: (response: HttpResponse) => boolean,
  now: () => number = Date.now,
): TokenAuth {
  let current: SignedIn | undefined;
  let pending: Promise<SignedIn> | undefined;

  const stale = (s: SignedIn): boolean => {
    if (s.expiresAt === undefined) return false;
    const issued = s.issuedAt ?? now();
    return now() >= issued + (s.expiresAt - issued) * 0.8;
  };
  const fresh = async (): Promise<SignedIn> => {
    pending ??= signIn().then(
      (s) => {
        current = { issuedAt: now(), ...s };
        pending = undefined;
        return current;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  const session = async (): Promise<SignedIn> => (current && !stale(current) ? current : fresh());

  return {
    session,
    headers: async () => (await session()).headers,
    isAuthFailure,
    async renew() {
      current = undefined;
      await fresh();
    },
    signedIn: () => current !== undefined,
    clear() {
      current = undefined;
    },
  };
}

/** A call that must succeed: vendor errors become typed errors with the vendor's own words kept. */
export function expectOk(
  response: HttpResponse,
  label: string,
  vendorMessage: (response: HttpResponse) => string | undefined,
): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const said = vendorMessage(response);
  const details = { status: response.status, body: response.body ?? response.text.slice(0, 500) };
  const suffix = said ? ` It said: “${said}”` : '';
  if (response.status === 401)
    throw new VantageError('AUTH_FAILED', `${label} refused the credentials.${suffix}`, details);
  if (response.status === 403)
    throw new VantageError(
      'PERMISSION_DENIED',
      `${label} refused: this account lacks the permission.${suffix}`,
      details,
    );
  if (response.status === 404)
    throw new VantageError('NOT_FOUND', `${label} does not know this resource.${suffix}`, details);
  throw new VantageError('UPSTREAM', `${label} answered ${response.status}.${suffix}`, details);
}

/** What came instead of the JSON an API answers, in words. */
function describeAnswer(response: HttpResponse): string {
  if (response.body !== undefined) return 'JSON of another shape';
  const text = response.text.trimStart();
  if (!text) return 'an empty answer';
  return text.startsWith('<')
    ? 'an HTML page (a proxy or a sign-in portal may stand in between)'
    : 'plain text';
}

/**
 * The JSON of a successful answer, as `expectOk` checks it, of the shape `looksRight` recognises. Anything else (an
 * HTML page from a proxy, text, JSON of another shape) is an UPSTREAM error that says what came instead, with its
 * start in the details: connectors never read fields of an answer they have not recognised.
 */
export function expectJson<T>(
  response: HttpResponse,
  label: string,
  vendorMessage: (response: HttpResponse) => string | undefined,
  looksRight: (body: Record<string, unknown>) => boolean,
  expected: string,
): T {
  const { body } = expectOk(response, label, vendorMessage);
  if (typeof body === 'object' && body !== null && looksRight(body as Record<string, unknown>))
    return body as T;
  throw new VantageError(
    'UPSTREAM',
    `${label} did not answer as its API does: ${describeAnswer(response)} instead of ${expected}.`,
    { status: response.status, body: body ?? response.text.slice(0, 500) },
  );
}

export function requireSecret(secret: string | undefined, what: string): string {
  if (!secret)
    throw new VantageError(
      'AUTH_FAILED',
      `No ${what} is saved for this connection: enter it in the profile.`,
    );
  return secret;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
