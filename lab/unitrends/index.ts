import type { VendorFactory } from '../core/types';
import { createSessions } from './auth';
import { generateUnitrendsData } from './data';
import { errorBody } from './errors';
import { actionRoutes } from './routes-actions';
import { catalogRoutes } from './routes-catalog';
import { clientRoutes } from './routes-clients';
import { restoreRoutes } from './routes-restore';
import { apiRoutes } from './routing';
import { systemJson } from './views';

/** Unitrends UEB appliance (`/api`): login, systems, virtual clients (WIR) and instant-recovery sessions. */
export const createUnitrendsSimulator: VendorFactory = (ctx) => {
  const data = generateUnitrendsData(ctx.rng.fork('data'), ctx.vms, ctx.clock);
  const sessions = createSessions(ctx);
  return {
    routes(router) {
      for (const path of ['/api/login', '/api/login/']) router.on('POST', path, (req) => sessions.login(req));
      // The logout path is not documented (README): POST /api/logout, the token in AuthToken or a `cookie` field.
      for (const path of ['/api/logout', '/api/logout/'])
        router.on('POST', path, (req) => sessions.logout(req));
      const route = apiRoutes(router, sessions);
      route('GET', '/systems', () => ({ status: 200, body: { appliance: data.systems.map(systemJson) } }));
      clientRoutes(route, data, ctx);
      actionRoutes(route, data, ctx);
      restoreRoutes(route, data, ctx);
      catalogRoutes(route, data);
    },
    errorBody,
    describe() {
      const [root, monitor] = sessions.users;
      return {
        credentials: { username: root?.username ?? '', password: root?.password ?? '' },
        extra: {
          authHeader: 'AuthToken (from POST /api/login)',
          monitorUser: `${monitor?.username ?? ''} / ${monitor?.password ?? ''}`,
          systems: data.systems.map((s) => `${s.id}=${s.name}`).join(', '),
        },
      };
    },
  };
};
