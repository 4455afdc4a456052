import { basicAuth, expectJson, expectOk, requireSecret, tokenAuth, type SignedIn } from '../auth';
import type { Connector, ConnectorContext, ConnectorFactory } from '../types';
import { actionsFor } from './actions';
import { createComoditConsole } from './console';
import { comoditMessage } from './errors';
import { createComoditInstances } from './instance-records';
import { createComoditInventory } from './inventory';
import { organizationPath, organizationsPath } from './paths';
import { createComoditPower, DEFAULT_POLLING, type PollTiming } from './power';

/** ComodIT: HTTP Basic on every call, or an application key in `X-ComodIT-AppKey` (four-vendors.md §2.2). */
export function comoditConnector(
  context: ConnectorContext,
  polling: PollTiming = DEFAULT_POLLING,
): Connector {
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
  const consoleOf = createComoditConsole(http, profile.name);

  return {
    ...createComoditInventory(http, profile),
    actions: actionsFor,
    ...createComoditPower(http, profile.name, polling),
    ...consoleOf,
    instances: createComoditInstances(http, profile.name, consoleOf.console),
    async test() {
      const organizations = expectJson<{ total?: number }>(
        await http.send({ method: 'GET', path: organizationsPath, query: { _limit: 1 } }),
        profile.name,
        comoditMessage,
        (b) => Array.isArray(b.items),
        'a list of organizations',
      );
      if (options?.organization)
        expectOk(
          await http.send({ method: 'GET', path: organizationPath(options.organization) }),
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
}

export const createComoditConnector: ConnectorFactory = (context) => comoditConnector(context);
