import type { VendorFactory } from '../core/types';
import {
  ADMIN,
  ADMIN_DC,
  DISABLED_USER,
  MAIN_DC,
  MISSING_ISO,
  NO_API_USER,
  PLAIN_USER,
  RESCUE_CD,
} from './data';
import { errorBody } from './errors';
import { createMount } from './http';
import { NODE_STATUS_DISPLAY, NodeStatus } from './model';
import { accountRoutes } from './routes-accounts';
import { taskRoutes } from './routes-task';
import { vmRoutes } from './routes-vm';
import { createDanubeState } from './state';

/** Danube Cloud (Erigones ESDC v4.6) API under /api/: token or API-key auth, task envelopes, VM status actions. */
export const createDanubeSimulator: VendorFactory = (ctx) => {
  const state = createDanubeState(ctx);
  return {
    routes(router) {
      const mount = createMount(router, state);
      accountRoutes(mount, state);
      vmRoutes(mount);
      taskRoutes(mount);
    },
    errorBody: (_status, message) => errorBody(message),
    describe() {
      const [admin, user] = state.data.users;
      const down = state.data.nodes.filter((n) => n.status !== NodeStatus.ONLINE);
      const showcase = Object.entries(state.data.showcase).map(([role, hostname]) => `${role}=${hostname}`);
      return {
        credentials: {
          username: ADMIN.username,
          password: ADMIN.password,
          apiKey: admin?.apiKey ?? '',
          userUsername: PLAIN_USER.username,
          userPassword: PLAIN_USER.password,
        },
        extra: {
          apiRoot: '/api/',
          userApiKey: user?.apiKey ?? '',
          datacenters: `${MAIN_DC} (public), ${ADMIN_DC} (private, admin only)`,
          nodesDown: down.map((n) => `${n.hostname} (${NODE_STATUS_DISPLAY[n.status]})`).join(', '),
          refusedLogins: `${NO_API_USER.username}/${NO_API_USER.password} (no API access), ${DISABLED_USER.username}/${DISABLED_USER.password} (disabled)`,
          isos: `${RESCUE_CD} (rescue CD); ${MISSING_ISO} fails on the node`,
          showcaseVms: showcase.join(', '),
        },
      };
    },
  };
};
