import { VantageError } from '../../../common/errors';
import { expectJson, requireSecret, tokenAuth, type SignedIn } from '../auth';
import type { Connector, ConnectorFactory } from '../types';
import { danubeActions } from './actions';
import { createDanubeApi } from './api';
import { listMachines, machineDetails } from './inventory';
import { danubeMessage, isPermissionRefusal } from './messages';
import { performAction } from './power';
import { readStatusSides } from './status-sides';
import { sharedLogin } from './shared-login';

export { danubeMessage } from './messages';

const TOKEN_LIFETIME_MS = 3600_000;

/**
 * Danube Cloud (Erigones ES API): a token from `POST /api/accounts/login/` (3600 s, not sliding) or an `ES-API-KEY`.
 * Authentication failures are 403 here, told apart from a permission refusal by their message.
 */
export const createDanubeConnector: ConnectorFactory = (context): Connector => {
  const { profile } = context;
  const options = profile.options.vendor === 'danube' ? profile.options : undefined;
  const http = context.http({ label: profile.name });
  const byKey = options?.auth === 'apiKey';

  const shared = byKey ? undefined : sharedLogin(profile.baseUrl, profile.username ?? '');
  /** The token this profile last used: renewing it means it expired or was refused. */
  let used: SignedIn | undefined;

  const login = async (secret: string): Promise<SignedIn> => {
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
    const body = expectJson<{ token: string; expires?: string }>(
      response,
      profile.name,
      danubeMessage,
      (b) => typeof b.token === 'string' && b.token !== '',
      'a sign-in token',
    );
    const expires = body.expires
      ? Date.parse(body.expires.endsWith('Z') ? body.expires : `${body.expires}Z`)
      : NaN;
    return {
      headers: { authorization: `Token ${body.token}` },
      expiresAt: Number.isFinite(expires) ? expires : Date.now() + TOKEN_LIFETIME_MS,
    };
  };
  const auth = tokenAuth(
    async (): Promise<SignedIn> => {
      const secret = requireSecret(await context.secret(), byKey ? 'API key' : 'password');
      if (!shared) return { headers: { 'es-api-key': secret } };
      used = await shared.signIn(secret, () => login(secret), used);
      return used;
    },
    (response) => response.status === 403 && !isPermissionRefusal(response),
  );
  http.setAuth(auth);
  const dc = options?.dc ? { dc: options.dc } : {};
  const api = createDanubeApi(http, options?.dc);
  let viewerIsAdmin: boolean | undefined;

  return {
    listMachines: (onPage, signal) =>
      listMachines(api, profile.id, options?.dc, onPage, signal, (admin) => (viewerIsAdmin = admin)),
    details: (machine) => machineDetails(api, machine),
    statusSides: (machine) => readStatusSides(api, machine),
    // Administrators' actions are not offered to an account the listing showed is not one; until a listing said
    // so they are, and Danube refuses them in its own words.
    actions: (machine) =>
      danubeActions(machine).filter((action) => !action.adminOnly || viewerIsAdmin !== false),
    perform: (machine, actionId, chosen, progress, signal) =>
      performAction(api, machine, actionId, chosen, progress, signal),
    async test() {
      const answer = await http.send({ method: 'GET', path: 'api/vm/', query: dc });
      if (answer.status === 403 && !isPermissionRefusal(answer))
        throw new VantageError(
          'AUTH_FAILED',
          `Danube Cloud refused the ${byKey ? 'API key' : 'credentials'}: ${danubeMessage(answer) ?? ''}`,
        );
      expectJson(
        answer,
        profile.name,
        danubeMessage,
        (b) => typeof b.status === 'string' && 'result' in b,
        'its {status, result} answer',
      );
      return {
        apiVersion: 'Danube Cloud ES API',
        ...(profile.username && !byKey ? { identity: profile.username } : {}),
      };
    },
    async close() {
      // Signing out deletes the user's token: only once no other profile of the same user holds it.
      if (shared?.release() && auth.signedIn())
        await http.send({ method: 'GET', path: 'api/accounts/logout/' }).catch(() => undefined);
      auth.clear();
      await http.close();
    },
  };
};
