import { createHash } from 'node:crypto';

import type { SignedIn } from '../auth';

/**
 * Danube keeps one token per user: every login deletes the user's previous token (four-vendors.md, Danube
 * authentication). Profiles that sign in as the same user on the same Danube (one profile per virtual datacenter is
 * common) therefore share one token; each signing in for itself would end the other's session, and the two would
 * take turns signing each other out. A profile whose password differs signs in for itself (it gets no free ride on
 * another's token).
 */
interface UserSession {
  token?: SignedIn;
  digest?: string;
  pending?: { digest: string; token: Promise<SignedIn> };
  holders: number;
}

const sessions = new Map<string, UserSession>();

const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Renewed at 80 % of its life, as tokenAuth does: a token that close to its end is not handed to another profile. */
function nearEnd(token: SignedIn, now: number): boolean {
  if (token.expiresAt === undefined) return false;
  const issued = token.issuedAt ?? now;
  return now >= issued + (token.expiresAt - issued) * 0.8;
}

export interface SharedLogin {
  /**
   * The user's current token, signing in with `login` when there is none, when it is near its end, or when it is
   * `used`: the token this profile already had, which is being renewed because it expired or was refused.
   */
  signIn(secret: string, login: () => Promise<SignedIn>, used?: SignedIn): Promise<SignedIn>;
  /** This profile is done with it; true when no other profile holds the user's token (sign out then). */
  release(): boolean;
}

export function sharedLogin(baseUrl: string, username: string, now: () => number = Date.now): SharedLogin {
  const key = `${baseUrl}\n${username}`;
  const session = sessions.get(key) ?? { holders: 0 };
  sessions.set(key, session);
  session.holders++;
  let released = false;

  return {
    async signIn(secret, login, used) {
      const digest = digestOf(secret);
      const { token } = session;
      if (token && token !== used && session.digest === digest && !nearEnd(token, now())) return token;
      if (session.pending?.digest !== digest) {
        const pending = login().then((signed) => ({ issuedAt: now(), ...signed }));
        session.pending = { digest, token: pending };
        void pending
          .then(
            (signed) => {
              session.token = signed;
              session.digest = digest;
            },
            () => undefined,
          )
          .finally(() => {
            if (session.pending?.token === pending) session.pending = undefined;
          });
      }
      return session.pending.token;
    },
    release() {
      if (released) return false;
      released = true;
      session.holders--;
      if (session.holders > 0) return false;
      sessions.delete(key);
      return true;
    },
  };
}
