import type { ProtectionAdminOperations } from '../protection-admin';
import { createIbmAgents } from './agents';
import type { IbmApi } from './api';
import { createIbmPolicies } from './policies';
import { createIbmSources } from './sources';

/** The IBM administration capability: policies, sources, connections, connectors and agents, from one API. */
export const createIbmProtectionAdmin = (api: IbmApi): ProtectionAdminOperations => ({
  policies: createIbmPolicies(api),
  ...createIbmSources(api),
  agents: createIbmAgents(api),
});
