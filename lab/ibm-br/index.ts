import type { HttpMethod, VendorFactory } from '../core/types';
import { createIam } from './auth';
import { createState } from './data';
import { errorBody } from './errors';
import { guarded, type Handler } from './http';
import { agentRoutes } from './routes-agents';
import { connectionRoutes } from './routes-connections';
import { downloadRoutes } from './routes-downloads';
import { groupRoutes } from './routes-groups';
import { policyRoutes } from './routes-policies';
import { labControlRoutes } from './routes-lab';
import { recoveryRoutes } from './routes-recoveries';
import { runRoutes } from './routes-runs';
import { searchRoutes } from './routes-search';
import { sourceRoutes } from './routes-sources';

/**
 * IBM Cloud Backup and Recovery: the `/v2` data-protect and data-source API of one instance, plus the IAM token
 * endpoint on the same server. See README.md for the contract followed and the guesses made.
 */
export const createIbmBrSimulator: VendorFactory = (ctx) => {
  const state = createState(ctx);
  const iam = createIam(ctx, state);
  return {
    routes(router) {
      router.on('POST', '/identity/token', (req) => iam.token(req));
      labControlRoutes(router, state);
      const route = (method: HttpMethod, path: string, handler: Handler): void =>
        router.on(
          method,
          `/v2${path}`,
          guarded(handler, (req) => iam.check(req)),
        );
      for (const register of [
        agentRoutes,
        downloadRoutes,
        policyRoutes,
        groupRoutes,
        runRoutes,
        recoveryRoutes,
        searchRoutes,
        sourceRoutes,
        connectionRoutes,
      ])
        register(route, state);
    },
    errorBody,
    describe: () => ({
      credentials: { apiKey: state.apiKey, tenantId: state.tenantId },
      extra: {
        iamTokenUrl: '/identity/token (on this server; IBM: https://iam.cloud.ibm.com/identity/token)',
        serviceUrl: '/v2 (on this server)',
        region: state.cluster.regionId,
        hosts: String(state.hosts.size),
      },
    }),
  };
};
