import type { VendorFactory } from '../core/types';
import { createComoditAuth } from './auth';
import { generateComoditData } from './data';
import { errorBody } from './errors';
import { entityRoutes } from './routes-entities';
import { instanceRoutes } from './routes-instance';
import { authedRoutes } from './routing';

/** ComodIT (`/api`): organizations, environments, hosts and their instances, with Basic, app key or JWT auth. */
export const createComoditSimulator: VendorFactory = (ctx) => {
  const data = generateComoditData(ctx.rng.fork('data'), ctx.vms);
  const auth = createComoditAuth(ctx);
  return {
    routes(router) {
      const route = authedRoutes(router, auth);
      entityRoutes(route, data, ctx);
      instanceRoutes(route, data, ctx);
      router.on('GET', '/api/account/_verify', (req) => auth.verify(req));
    },
    errorBody: (_status, message) => errorBody([message]),
    describe() {
      const [admin, auditor] = auth.users;
      return {
        credentials: {
          username: admin?.username ?? '',
          password: admin?.password ?? '',
          appKey: auth.appKey,
        },
        extra: {
          apiRoot: '/api',
          readOnlyUser: `${auditor?.username ?? ''} / ${auditor?.password ?? ''}`,
          totpCode: auth.totpCode,
          organizations: data.organizations
            .filter((o) => o.members.has(admin?.username ?? ''))
            .map((o) => o.name)
            .join(', '),
        },
      };
    },
  };
};
