import { createTokenStore } from '../core/auth';
import type { LabContext, LabRequest, LabResponse, RouteHandler } from '../core/types';
import { jsonBody } from './body';
import { unitrendsError } from './errors';

export interface UnitrendsUser {
  id: number;
  username: string;
  password: string;
  superuser: boolean;
  administrator: boolean;
  manager: boolean;
  /** Monitor-only users may read, not act (403). */
  monitor: boolean;
}

/** CMC SessionTimeout, in minutes (its default is not documented; README). */
export const DEFAULT_TIMEOUT_MIN = 60;

export interface UnitrendsSessions {
  users: readonly UnitrendsUser[];
  login(req: LabRequest): LabResponse;
  logout(req: LabRequest): LabResponse;
  /** Wraps a handler so that it runs only with a valid `AuthToken` (and, for `write`, a user who may act). */
  guard(
    handler: (req: LabRequest, user: UnitrendsUser) => LabResponse | Promise<LabResponse>,
    write: boolean,
  ): RouteHandler;
}

const authToken = (req: LabRequest): string | undefined => {
  const value = req.headers.authtoken;
  return Array.isArray(value) ? value[0] : value;
};

export function createSessions(ctx: LabContext): UnitrendsSessions {
  const users: UnitrendsUser[] = [
    {
      id: 1,
      username: 'root',
      password: 'unitrends1',
      superuser: true,
      administrator: true,
      manager: true,
      monitor: false,
    },
    {
      id: 2,
      username: 'monitor',
      password: 'monitor1',
      superuser: false,
      administrator: false,
      manager: false,
      monitor: true,
    },
  ];
  const tokens = createTokenStore<UnitrendsUser>(ctx.clock, 20);
  const lifetimeSec = (): number => ctx.faults().tokenLifetimeSec ?? DEFAULT_TIMEOUT_MIN * 60;

  return {
    users,
    login(req) {
      const body = jsonBody(req);
      const user = users.find((u) => u.username === body.username && u.password === body.password);
      if (!user) return unitrendsError(401, 'Login failed: invalid user name or password.');
      const lifetime = lifetimeSec();
      const { token } = tokens.issue(user, lifetime);
      return {
        status: 201,
        body: {
          id: user.id,
          superuser: user.superuser,
          administrator: user.administrator,
          manager: user.manager,
          monitor: user.monitor,
          ad_user: false,
          target: false,
          timeout: Math.max(1, Math.round(lifetime / 60)),
          auth_token: token,
          vault_user: false,
          source_id: 1,
        },
      };
    },
    logout(req) {
      // Appliance::logout($data) destroys the `cookie` it is given; the header's token otherwise.
      const cookie = jsonBody(req).cookie;
      const token = typeof cookie === 'string' ? cookie : authToken(req);
      if (!token || !tokens.check(token).ok) return unitrendsError(401, 'Not logged in.');
      tokens.revoke(token);
      return { status: 200, body: true };
    },
    guard(handler, write) {
      return (req) => {
        const token = authToken(req);
        const check = tokens.check(token);
        if (!check.ok) {
          const message =
            check.reason === 'missing'
              ? 'Authentication required: send the AuthToken header.'
              : check.reason === 'expired'
                ? 'Your session has expired. Please log in again.'
                : 'Invalid authentication token.';
          return unitrendsError(401, message);
        }
        // The session timeout counts from the last request, as on the appliance's UI.
        if (token) tokens.touch(token, lifetimeSec());
        if (write && check.subject.monitor)
          return unitrendsError(
            403,
            `User ${check.subject.username} is not allowed to perform this operation.`,
          );
        return handler(req, check.subject);
      };
    },
  };
}
