import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { LabContext } from '../core/types';
import { authFailed, DanubeError } from './errors';
import type { User } from './model';
import { text } from './params';
import { pythonIsoformat } from './time';

/** AUTHTOKEN_DURATION (`core/settings.py`): counted from the login, never extended by use. */
export const TOKEN_LIFETIME_SEC = 3600;

export interface LoginAnswer {
  token: string;
  expires: string;
  detail: string;
}

export interface DanubeAuth {
  /** `POST /api/accounts/login/` body check (`APIAuthTokenSerializer`); throws the 400 answers. */
  login(body: Record<string, unknown>): { answer: LoginAnswer; user: User };
  /** Deletes the token the request came with (logout). */
  logout(headers: IncomingHttpHeaders): void;
  /**
   * The DRF authenticators in their order (session: ignored for /api/, then ES-API-KEY, then Token): the user,
   * undefined when no scheme applies (or the token has expired), or a thrown 403.
   */
  authenticate(headers: IncomingHttpHeaders): User | undefined;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `_set_request_dc`: a user without `api_access` is refused even with valid credentials. */
function checkApiAccess(user: User): User {
  if (!user.apiAccess) throw authFailed('User account is not allowed to access API');
  return user;
}

export function createDanubeAuth(ctx: LabContext, users: readonly User[]): DanubeAuth {
  const tokens = new Map<string, { user: User; expiresAt: number }>();
  const tokenOfUser = new Map<number, string>();

  const required = (body: Record<string, unknown>, field: string): string | undefined => {
    const value = body[field];
    return value === undefined || value === null || value === '' ? undefined : text(value);
  };

  const fromToken = (authorization: string | undefined): User | undefined => {
    const parts = (authorization ?? '').trim().split(/\s+/);
    if (parts[0]?.toLowerCase() !== 'token') return undefined;
    if (parts.length === 1) throw authFailed('Invalid token header. No credentials provided.');
    if (parts.length > 2) throw authFailed('Invalid token header. Token string should not contain spaces.');
    const entry = tokens.get(parts[1] ?? '');
    if (!entry) throw authFailed('Invalid token.');
    if (!entry.user.active) throw authFailed('User inactive or deleted.');
    // ExpireTokenAuthentication ignores an old token (the request is then simply unauthenticated).
    if (entry.expiresAt <= ctx.clock.now()) return undefined;
    return checkApiAccess(entry.user);
  };

  return {
    login(body) {
      const username = required(body, 'username');
      const password = required(body, 'password');
      if (username === undefined || password === undefined) {
        const errors: Record<string, string[]> = {};
        if (username === undefined) errors.username = ['This field is required.'];
        if (password === undefined) errors.password = ['This field is required.'];
        throw new DanubeError(400, errors);
      }
      const user = users.find((u) => u.username === username && u.password === password);
      if (!user) throw new DanubeError(400, 'Unable to log in with provided credentials.');
      if (!user.active) throw new DanubeError(400, 'User account is disabled.');
      if (!user.apiAccess) throw new DanubeError(400, 'User account is not allowed to access API.');
      // One token per user: a new login deletes the previous token.
      const previous = tokenOfUser.get(user.id);
      if (previous) tokens.delete(previous);
      const token = randomBytes(20).toString('hex');
      const expiresAt = ctx.clock.now() + (ctx.faults().tokenLifetimeSec ?? TOKEN_LIFETIME_SEC) * 1000;
      tokens.set(token, { user, expiresAt });
      tokenOfUser.set(user.id, token);
      return {
        answer: { token, expires: pythonIsoformat(expiresAt), detail: 'Welcome to Danube Cloud API.' },
        user,
      };
    },
    logout(headers) {
      const [keyword, token] = (header(headers, 'authorization') ?? '').trim().split(/\s+/);
      if (keyword?.toLowerCase() !== 'token' || !token) return;
      const entry = tokens.get(token);
      if (entry) tokenOfUser.delete(entry.user.id);
      tokens.delete(token);
    },
    authenticate(headers) {
      const apiKey = header(headers, 'es-api-key');
      if (apiKey) {
        const user = users.find((u) => u.apiKey === apiKey);
        if (!user) throw authFailed('Invalid API key');
        return checkApiAccess(user);
      }
      return fromToken(header(headers, 'authorization'));
    },
  };
}
