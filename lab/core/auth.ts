import { randomBytes } from 'node:crypto';

import type { LabClock } from './clock';

export interface BasicCredentials {
  username: string;
  password: string;
}

/** Reads `Authorization: Basic ...`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | string[] | undefined): BasicCredentials | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type TokenCheck<S> =
  { ok: true; subject: S; expiresAt: number } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export interface TokenStore<S> {
  /** Issues a random token for `subject`, valid for `lifetimeSec` seconds of wall-clock time. */
  issue(subject: S, lifetimeSec: number): { token: string; expiresAt: number };
  check(token: string | string[] | undefined): TokenCheck<S>;
  revoke(token: string): boolean;
  /** Moves the expiry (for sliding sessions). */
  touch(token: string, lifetimeSec: number): void;
}

/** Sessions and bearer tokens with expiry: every vendor's sign-in is built on it. */
export function createTokenStore<S>(clock: LabClock, bytes = 24): TokenStore<S> {
  const tokens = new Map<string, { subject: S; expiresAt: number }>();
  return {
    issue(subject, lifetimeSec) {
      const token = randomBytes(bytes).toString('hex');
      const expiresAt = clock.now() + lifetimeSec * 1000;
      tokens.set(token, { subject, expiresAt });
      return { token, expiresAt };
    },
    check(raw) {
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (!token) return { ok: false, reason: 'missing' };
      const entry = tokens.get(token);
      if (!entry) return { ok: false, reason: 'unknown' };
      if (entry.expiresAt <= clock.now()) {
        tokens.delete(token);
        return { ok: false, reason: 'expired' };
      }
      return { ok: true, subject: entry.subject, expiresAt: entry.expiresAt };
    },
    revoke: (token) => tokens.delete(token),
    touch(token, lifetimeSec) {
      const entry = tokens.get(token);
      if (entry) entry.expiresAt = clock.now() + lifetimeSec * 1000;
    },
  };
}
