import type { HttpClient, HttpResponse } from '../../net/http-client';
import type { Flavour } from './session';

/** One answer of the vCenter API: the response as it came, and its result once unwrapped. */
export interface VcenterAnswer {
  response: HttpResponse;
  ok: boolean;
  /** The result: `/rest` wraps it in `{"value": ...}`, `/api` does not. Undefined on refusals. */
  value: unknown;
}

/** The `vcenter/...` resources in whichever flavour the server speaks: the rest of the connector never picks one. */
export interface VcenterApi {
  /** Names the system in messages (the profile's name). */
  label: string;
  flavour(): Promise<Flavour>;
  /**
   * GET `vcenter/<path>`, with FilterSpec fields named as the flavour wants them (`names` or `filter.names`).
   * `once`: no retry, for reads where vCenter's 503 is an answer ("VMware Tools are not running"), not a hiccup.
   */
  read(
    path: string,
    filter?: Readonly<Record<string, string>>,
    options?: { once?: boolean },
  ): Promise<VcenterAnswer>;
  /** POST `vcenter/<path>`; power calls are synchronous, hence the longer timeout they pass. */
  post(
    path: string,
    query?: Record<string, string>,
    timeoutMs?: number,
    body?: unknown,
  ): Promise<VcenterAnswer>;
}

export function createVcenterApi(
  http: HttpClient,
  flavour: () => Promise<Flavour>,
  label: string,
): VcenterApi {
  const answer = (response: HttpResponse, api: Flavour): VcenterAnswer => {
    const ok = response.status >= 200 && response.status < 300;
    const body = response.body as { value?: unknown } | undefined;
    return { response, ok, value: ok ? (api === 'rest' ? body?.value : response.body) : undefined };
  };
  return {
    label,
    flavour,
    async read(path, filter, options) {
      const api = await flavour();
      const query: Record<string, string> = {};
      for (const [key, value] of Object.entries(filter ?? {}))
        query[api === 'api' ? key : `filter.${key}`] = value;
      const response = await http.send({
        method: 'GET',
        path: `${api}/vcenter/${path}`,
        query,
        idempotent: !options?.once,
      });
      return answer(response, api);
    },
    async post(path, query, timeoutMs, body) {
      const api = await flavour();
      const response = await http.send({
        method: 'POST',
        path: `${api}/vcenter/${path}`,
        ...(query ? { query } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(body !== undefined ? { json: body } : {}),
      });
      return answer(response, api);
    },
  };
}

/** The vAPI error kind of a refusal (`RESOURCE_BUSY`, ...), whichever envelope carries it. */
export function vapiKind(response: HttpResponse): string | undefined {
  const body = response.body as
    { error_type?: unknown; type?: unknown; value?: { error_type?: unknown } } | undefined;
  const kind = body?.error_type ?? body?.value?.error_type;
  if (typeof kind === 'string') return kind;
  // `/rest` before 7.0 names the kind only in `type`: `com.vmware.vapi.std.errors.resource_busy`.
  const type = body?.type;
  return typeof type === 'string' ? type.slice(type.lastIndexOf('.') + 1).toUpperCase() : undefined;
}

/** Path segment of a machine id (ids are `vm-1001`, but nothing forbids a character that needs escaping). */
export const vmPath = (vendorId: string, suffix = ''): string =>
  `vm/${encodeURIComponent(vendorId)}${suffix}`;
