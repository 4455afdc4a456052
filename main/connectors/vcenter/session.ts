import { VantageError } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../net/http-client';
import { basicAuth, expectOk, requireSecret, tokenAuth, type TokenAuth } from '../auth';

export type Flavour = 'api' | 'rest';

/** Where each flavour keeps its session resource (four-vendors.md §4.2). */
export const SESSION_PATH: Record<Flavour, string> = {
  api: 'api/session',
  rest: 'rest/com/vmware/cis/session',
};

export interface VapiMessage {
  id?: string;
  default_message?: string;
}

/** The messages of a vAPI error, in either flavour's envelope (vCenter may stack a specific and a generic one). */
export function vcenterMessages(response: HttpResponse): VapiMessage[] {
  const body = response.body as
    { messages?: VapiMessage[]; value?: { messages?: VapiMessage[] } } | undefined;
  return body?.messages ?? body?.value?.messages ?? [];
}

/** The first message of a vAPI error, in either flavour's envelope. */
export function vcenterMessage(response: HttpResponse): string | undefined {
  return vcenterMessages(response)[0]?.default_message;
}

/** The session id: `/api` answers a bare JSON string, `/rest` wraps it in `{value}`. */
function sessionId(response: HttpResponse): string {
  const body = response.body as string | { value?: unknown } | undefined;
  const id = typeof body === 'string' ? body : body?.value;
  if (typeof id !== 'string' || !id)
    throw new VantageError('UPSTREAM', 'vCenter answered the sign-in without a session id.');
  return id;
}

export async function signIn(
  http: HttpClient,
  flavour: Flavour,
  username: string,
  password: string,
): Promise<string> {
  const response = await http.send({
    method: 'POST',
    path: SESSION_PATH[flavour],
    headers: { authorization: basicAuth(username, password), 'vmware-use-header-authn': 'true' },
    authenticate: false,
  });
  if (response.status === 401)
    throw new VantageError('AUTH_FAILED', 'vCenter refused the user name or password.', {
      status: 401,
      said: vcenterMessage(response),
    });
  return sessionId(expectOk(response, 'vCenter', vcenterMessage));
}

/**
 * Which API this vCenter speaks: `/api` (7.0 U2+) first, `/rest` when `/api/session` does not exist. Any other
 * answer (even a refusal of the credentials) means `/api` is there.
 */
export async function detectFlavour(http: HttpClient): Promise<Flavour> {
  const probe = await http.send({
    method: 'POST',
    path: SESSION_PATH.api,
    authenticate: false,
    idempotent: true,
  });
  return probe.status === 404 ? 'rest' : 'api';
}

export function vcenterAuth(
  http: HttpClient,
  flavour: () => Promise<Flavour>,
  username: string,
  secret: () => Promise<string | undefined>,
): TokenAuth {
  return tokenAuth(
    async () => {
      const token = await signIn(http, await flavour(), username, requireSecret(await secret(), 'password'));
      return { headers: { 'vmware-api-session-id': token } };
    },
    (response) => response.status === 401,
  );
}
