import { createTokenStore, parseBasicAuth } from '../core/auth';
import type { LabContext, LabRequest, LabResponse } from '../core/types';
import { ADMIN_USER, READ_ONLY_USER } from './data';
import { comoditError, found, refused, type Found } from './errors';

export interface ComoditUser {
  username: string;
  password: string;
  /** May read everything its organizations hold, may change nothing (403). */
  readOnly: boolean;
}

export interface ComoditAuth {
  users: readonly ComoditUser[];
  appKey: string;
  totpCode: string;
  /** Basic, `X-ComodIT-AppKey` or `X-ComodIT-JwtToken`, in the order comodit-client prefers them. */
  authenticate(req: LabRequest): Found<ComoditUser>;
  /** GET /api/account/_verify: Basic + TOTP code gives a JWT; a JWT alone is checked. */
  verify(req: LabRequest): LabResponse;
}

/** Nobody documents the JWT lifetime; an hour is what such tokens usually get. */
const DEFAULT_JWT_LIFETIME_SEC = 3600;

const header = (req: LabRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const challenge = { 'www-authenticate': 'Basic realm="ComodIT"' };

export function createComoditAuth(ctx: LabContext): ComoditAuth {
  const rng = ctx.rng.fork('credentials');
  const users: ComoditUser[] = [
    { username: ADMIN_USER, password: 'comodit-demo', readOnly: false },
    { username: READ_ONLY_USER, password: 'comodit-audit', readOnly: true },
  ];
  const appKey = rng.hex(32);
  const totpCode = String(rng.int(100000, 999999));
  const jwts = createTokenStore<ComoditUser>(ctx.clock, 32);
  const admin = users[0] as ComoditUser;

  const basic = (req: LabRequest): Found<ComoditUser> => {
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials) return { ok: false, response: comoditError(401, 'Authentication required', challenge) };
    const user = users.find(
      (u) => u.username === credentials.username && u.password === credentials.password,
    );
    return user
      ? found(user)
      : { ok: false, response: comoditError(401, 'Invalid username or password', challenge) };
  };

  const jwt = (token: string): Found<ComoditUser> => {
    const check = jwts.check(token);
    if (check.ok) return found(check.subject);
    return refused(401, check.reason === 'expired' ? 'JWT token expired' : 'Invalid JWT token');
  };

  return {
    users,
    appKey,
    totpCode,
    authenticate(req) {
      const key = header(req, 'x-comodit-appkey');
      if (key !== undefined) return key === appKey ? found(admin) : refused(401, 'Invalid application key');
      const token = header(req, 'x-comodit-jwttoken');
      if (token !== undefined) return jwt(token);
      return basic(req);
    },
    verify(req) {
      const token = header(req, 'x-comodit-jwttoken');
      if (token !== undefined) {
        const checked = jwt(token);
        return checked.ok ? { status: 200, body: { jwtToken: token } } : checked.response;
      }
      const user = basic(req);
      if (!user.ok) return user.response;
      const code = header(req, 'x-comodit-totptoken');
      if (code === undefined) return comoditError(400, 'Missing X-ComodIT-TotpToken header');
      if (code !== totpCode) return comoditError(401, 'Invalid TOTP code');
      const issued = jwts.issue(user.value, ctx.faults().tokenLifetimeSec ?? DEFAULT_JWT_LIFETIME_SEC);
      return { status: 200, body: { jwtToken: issued.token } };
    },
  };
}
