import { VantageError } from '../../../common/errors';
import { expectJson, requireSecret, tokenAuth } from '../auth';
import type { Connector, ConnectorFactory } from '../types';
import { createIbmApi, ibmMessage } from './api';
import { createIbmDownloads } from './downloads';
import { createIbmInventory } from './inventory';
import { createIbmRestore } from './restore';
import { createIbmProtectionAdmin } from './protection-admin';
import { createIbmProtection } from './protection';

export const IBM_IAM_URL = 'https://iam.cloud.ibm.com/identity/token';
const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';

/**
 * IBM Cloud Backup and Recovery: an IAM API key exchanged for a bearer token (renewed at 80 % of `expires_in`),
 * and `X-IBM-Tenant-Id: <tenant>/` on every call to the `/v2` service.
 */
export const createIbmBrConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  if (profile.options.vendor !== 'ibm-br') throw new VantageError('INTERNAL', 'not an IBM profile');
  const options = profile.options;
  const service = context.http({ baseUrl: `${profile.baseUrl.replace(/\/+$/, '')}/v2`, label: profile.name });
  const iam = context.http({ baseUrl: options.iamUrl ?? IBM_IAM_URL, label: `${profile.name} (IAM)` });
  const tenant = options.tenantId.endsWith('/') ? options.tenantId : `${options.tenantId}/`;

  const auth = tokenAuth(
    async () => {
      const response = await iam.send({
        method: 'POST',
        path: '',
        form: { grant_type: APIKEY_GRANT, apikey: requireSecret(await context.secret(), 'API key') },
        authenticate: false,
      });
      if (response.status === 400 || response.status === 401)
        throw new VantageError(
          'AUTH_FAILED',
          `IBM Cloud IAM refused the API key: ${ibmMessage(response) ?? 'invalid key'}`,
        );
      const body = expectJson<{ access_token: string; expires_in?: number }>(
        response,
        `${profile.name} (IAM)`,
        ibmMessage,
        (b) => typeof b.access_token === 'string' && b.access_token !== '',
        'an access token',
      );
      return {
        headers: { authorization: `Bearer ${body.access_token}`, 'x-ibm-tenant-id': tenant },
        expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
      };
    },
    (response) => response.status === 401,
  );
  service.setAuth(auth);
  const api = createIbmApi(service, profile.name);

  return {
    ...createIbmInventory({
      profileId: profile.id,
      label: profile.name,
      scope: [options.region, options.tenantId.replace(/\/$/, '')],
      read: (path, query) => api.call({ method: 'GET', path, query }),
    }),
    restore: createIbmRestore(api),
    downloads: createIbmDownloads(api),
    protectionAdmin: createIbmProtectionAdmin(api),
    protection: createIbmProtection(api),
    async test() {
      const policies = expectJson<{ policies?: unknown[] }>(
        await service.send({ method: 'GET', path: 'data-protect/policies', int64: true }),
        profile.name,
        ibmMessage,
        // An instance without policies may leave the list out.
        (b) => b.policies === undefined || Array.isArray(b.policies),
        'its list of policies',
      );
      return { apiVersion: `Backup and Recovery v2 (${policies.policies?.length ?? 0} policies visible)` };
    },
    async close() {
      auth.clear();
      await Promise.all([service.close(), iam.close()]);
    },
  };
};
