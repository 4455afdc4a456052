import { VantageError } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';
import { expectOk, requireSecret, tokenAuth, type SignedIn } from '../auth';
import type { Connector, ConnectorFactory } from '../types';

const NO_PERMISSION = 'You do not have permission to perform this action.';
const TOKEN_LIFETIME_MS = 3600_000;

/** Danube's words: `detail` at the top, inside `result`, or a field map from a 400 (four-vendors.md §1.4). */
export function danubeMessage(response: HttpResponse): string | undefined {
  const body = response.body as { detail?: unknown; result?: unknown } | undefined;
  const inner = body?.result as { detail?: unknown } | string | undefined;
  const detail = body?.detail ?? (typeof inner === 'object' ? inner?.detail : inner);
  if (typeof detail === 'string') return detail;
  if (body && typeof body === 'object') return JSON.stringify(body).slice(0, 200);
  return undefined;
}

/**
 * Danube Cloud (Erigones ES API): a token from `POST /api/accounts/login/` (3600 s, not sliding) or an `ES-API-KEY`.
 * Authentication failures are 403 here, told apart from a permission refusal by their message.
 */
export const createDanubeConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  const options = profile.options.vendor === 'danube' ? profile.options : undefined;
  const http = context.http({ label: profile.name });
  const byKey = options?.auth === 'apiKey';

  const auth = tokenAuth(
    async (): Promise<SignedIn> => {
      const secret = requireSecret(await context.secret(), byKey ? 'API key' : 'password');
      if (byKey) return { headers: { 'es-api-key': secret } };
      const response = await http.send({
        method: 'POST',
        path: 'api/accounts/login/',
        json: { username: profile.username ?? '', password: secret },
        authenticate: false,
      });
      if (response.status === 400)
        throw new VantageError(
          'AUTH_FAILED',
          `Danube Cloud refused the sign-in: ${danubeMessage(response) ?? 'bad credentials'}`,
        );
      const body = expectOk(response, profile.name, danubeMessage).body as {
        token?: string;
        expires?: string;
      };
      if (!body.token)
        throw new VantageError('UPSTREAM', 'Danube Cloud answered the sign-in without a token.');
      const expires = body.expires
        ? Date.parse(body.expires.endsWith('Z') ? body.expires : `${body.expires}Z`)
        : NaN;
      return {
        headers: { authorization: `Token ${body.token}` },
        expiresAt: Number.isFinite(expires) ? expires : Date.now() + TOKEN_LIFETIME_MS,
      };
    },
    (response) => response.status === 403 && danubeMessage(response) !== NO_PERMISSION,
  );
  http.setAuth(auth);
  const dc = options?.dc ? { dc: options.dc } : {};

  return {
    async test() {
      const answer = await http.send({ method: 'GET', path: 'api/vm/', query: dc });
      if (answer.status === 403 && danubeMessage(answer) !== NO_PERMISSION)
        throw new VantageError(
          'AUTH_FAILED',
          `Danube Cloud refused the ${byKey ? 'API key' : 'credentials'}: ${danubeMessage(answer) ?? ''}`,
        );
      expectOk(answer, profile.name, danubeMessage);
      return {
        apiVersion: 'Danube Cloud ES API',
        ...(profile.username && !byKey ? { identity: profile.username } : {}),
      };
    },
    async close() {
      if (!byKey && auth.signedIn())
        await http.send({ method: 'GET', path: 'api/accounts/logout/' }).catch(() => undefined);
      auth.clear();
      await http.close();
    },
  };
};
