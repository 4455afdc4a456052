import { VantageError } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';
import { expectJson, expectOk, requireSecret, tokenAuth } from '../auth';
import type { Connector, ConnectorFactory } from '../types';
import { createUnitrendsConsole } from './console';
import { createUnitrendsInventory, type UnitrendsRead } from './inventory';
import { createUnitrendsRecovery } from './recovery';

/** Unitrends errors: `{"result": [{"code", "message"}]}` or a PHP handler's `{"error", "message"}`. */
export function unitrendsMessage(response: HttpResponse): string | undefined {
  const body = response.body as { result?: { message?: string }[]; message?: string } | undefined;
  return (Array.isArray(body?.result) ? body.result[0]?.message : undefined) ?? body?.message;
}

/** Unitrends appliances: `POST /api/login` gives an `auth_token`, sent back as the `AuthToken` header. */
export const createUnitrendsConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  const options = profile.options.vendor === 'unitrends' ? profile.options : undefined;
  const http = context.http({ label: profile.name });
  const auth = tokenAuth(
    async () => {
      const response = await http.send({
        method: 'POST',
        path: 'api/login',
        json: {
          username: profile.username ?? '',
          password: requireSecret(await context.secret(), 'password'),
        },
        authenticate: false,
      });
      if (response.status === 401)
        throw new VantageError(
          'AUTH_FAILED',
          `The Unitrends appliance refused the sign-in: ${unitrendsMessage(response) ?? 'bad credentials'}`,
        );
      const body = expectJson<{ auth_token: string; timeout?: number }>(
        response,
        profile.name,
        unitrendsMessage,
        (b) => typeof b.auth_token === 'string' && b.auth_token !== '',
        'a sign-in token',
      );
      // `timeout` is the idle session timeout in minutes.
      return {
        headers: { authtoken: body.auth_token },
        ...(body.timeout ? { expiresAt: Date.now() + body.timeout * 60_000 } : {}),
      };
    },
    (response) => response.status === 401,
  );
  http.setAuth(auth);
  const read: UnitrendsRead = async (path, query) =>
    expectOk(await http.send({ method: 'GET', path, query }), profile.name, unitrendsMessage).body;

  return {
    ...createUnitrendsInventory({
      profileId: profile.id,
      label: profile.name,
      sid: options?.sid,
      appliance: new URL(profile.baseUrl).hostname,
      read,
    }),
    ...createUnitrendsConsole({ read, label: profile.name, sid: options?.sid, baseUrl: profile.baseUrl }),
    recovery: createUnitrendsRecovery({
      profileId: profile.id,
      label: profile.name,
      sid: options?.sid,
      read,
      http,
    }),
    async test() {
      // `GET /api/systems` lists the appliance and the systems it manages under `appliance` (four-vendors.md §3.3).
      const body = expectJson<{ appliance: { id?: number; name?: string; version?: string }[] }>(
        await http.send({ method: 'GET', path: 'api/systems' }),
        profile.name,
        unitrendsMessage,
        (b) => Array.isArray(b.appliance),
        'the list of its systems',
      );
      const list = body.appliance;
      const sid = options?.sid;
      if (sid !== undefined && !list.some((s) => s.id === sid))
        throw new VantageError('NOT_FOUND', `The appliance has no system with sid ${sid}.`, {
          systems: list.map((s) => s.id),
        });
      const version = list[0]?.version;
      return {
        apiVersion: version ? `Unitrends ${version}` : 'Unitrends API',
        identity: profile.username ?? '',
      };
    },
    async close() {
      if (auth.signedIn())
        await http.send({ method: 'POST', path: 'api/logout', idempotent: true }).catch(() => undefined);
      auth.clear();
      await http.close();
    },
  };
};
