import type { HttpClient, HttpResponse, QueryValue } from '../../net/http-client';

/** The `{status, result, task_id}` envelope of every Danube answer that is not a DRF `{detail}` error (§1.4). */
export interface Envelope {
  status: string;
  result: unknown;
  task_id?: string;
}

/**
 * One Danube Cloud virtual datacenter as the connector speaks to it: paths always end with `/` (Danube answers a
 * missing slash with a 301), and the profile's `dc` goes into every DC-bound call (query for GET, body otherwise).
 */
export interface DanubeApi {
  get(path: string, query?: Record<string, QueryValue>, timeoutMs?: number): Promise<HttpResponse>;
  put(path: string, body?: Record<string, unknown>): Promise<HttpResponse>;
}

export function createDanubeApi(http: HttpClient, dc: string | undefined): DanubeApi {
  const where = dc ? { dc } : {};
  return {
    get: (path, query = {}, timeoutMs) =>
      http.send({
        method: 'GET',
        path,
        query: { ...query, ...where },
        ...(timeoutMs ? { timeoutMs } : {}),
      }),
    put: (path, body = {}) => http.send({ method: 'PUT', path, json: { ...body, ...where } }),
  };
}

/** `api/vm/<hostname>/<segments>/`: hostnames are `[A-Za-z0-9._-]+`, encoded all the same. */
export const vmPath = (hostname: string, ...segments: string[]): string =>
  ['api/vm', encodeURIComponent(hostname), ...segments, ''].join('/');

export const taskPath = (taskId: string, segment: string): string =>
  `api/task/${encodeURIComponent(taskId)}/${segment}/`;

export function envelopeOf(response: HttpResponse): Envelope | undefined {
  const body = response.body as Partial<Envelope> | undefined;
  return body && typeof body === 'object' && typeof body.status === 'string' && 'result' in body
    ? (body as Envelope)
    : undefined;
}
