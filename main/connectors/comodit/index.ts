import type { HttpResponse } from '../../net/http-client';
import { basicAuth, expectOk, requireSecret, tokenAuth, type SignedIn } from '../auth';
import type { Connector, ConnectorFactory } from '../types';

/** ComodIT errors are `{"error": ["…", …]}` (four-vendors.md §2.3). */
export function comoditMessage(response: HttpResponse): string | undefined {
  const errors = (response.body as { error?: unknown } | undefined)?.error;
  return Array.isArray(errors)
    ? errors.map(String).join('; ')
    : typeof errors === 'string'
      ? errors
      : undefined;
}

/** ComodIT: HTTP Basic on every call, or an application key in `X-ComodIT-AppKey` (four-vendors.md §2.2). */
export const createComoditConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  const options = profile.options.vendor === 'comodit' ? profile.options : undefined;
  const http = context.http({ label: profile.name });
  const byKey = options?.auth === 'appKey';
  const auth = tokenAuth(
    async (): Promise<SignedIn> => {
      const secret = requireSecret(await context.secret(), byKey ? 'application key' : 'password');
      return {
        headers: byKey
          ? { 'x-comodit-appkey': secret }
          : { authorization: basicAuth(profile.username ?? '', secret) },
      };
    },
    // Basic credentials do not expire; a 401 means they are wrong, and one fresh read of the secret is enough.
    (response) => response.status === 401,
  );
  http.setAuth(auth);

  return {
    async test() {
      const organizations = expectOk(
        await http.send({ method: 'GET', path: 'api/organizations/', query: { _limit: 1 } }),
        profile.name,
        comoditMessage,
      ).body as { total?: number };
      if (options?.organization)
        expectOk(
          await http.send({
            method: 'GET',
            path: `api/organizations/${encodeURIComponent(options.organization)}/`,
          }),
          profile.name,
          comoditMessage,
        );
      return {
        apiVersion: `ComodIT API (${organizations.total ?? 0} organizations visible)`,
        ...(byKey ? {} : { identity: profile.username ?? '' }),
      };
    },
    async close() {
      auth.clear();
      await http.close();
    },
  };
};
