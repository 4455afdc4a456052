import { VantageError } from '../../../common/errors';
import { expectOk } from '../auth';
import type { HttpClient, HttpRequest, HttpResponse } from '../../net/http-client';

/** IBM errors: `{errorCode, message}` from the service, `{errorMessage}` from IAM (ibm-backup-recovery.md §4). */
export function ibmMessage(response: HttpResponse): string | undefined {
  const body = response.body as { message?: string; errorMessage?: string; errorCode?: string } | undefined;
  const said = body?.message ?? body?.errorMessage;
  return said && body?.errorCode ? `${body.errorCode}: ${said}` : said;
}

/**
 * The signed-in `/v2` service of one IBM profile, shared by every IBM capability (inventory, protection, restore,
 * downloads): one client, one IAM token renewed as it nears expiry, the tenant header on every call.
 */
export interface IbmApi {
  /** The profile's name, for messages. */
  label: string;
  /** The authenticated client itself, for calls whose answer is bytes (downloads). */
  http: HttpClient;
  /**
   * A call whose answer must be 2xx; resolves to its JSON body (undefined when empty). Integers beyond 2^53 stay
   * exact (as strings). Refusals throw a VantageError in the service's own words.
   */
  call<T = unknown>(request: Omit<HttpRequest, 'int64'>): Promise<T>;
}

export function createIbmApi(http: HttpClient, label: string): IbmApi {
  return {
    label,
    http,
    async call<T>(request: Omit<HttpRequest, 'int64'>): Promise<T> {
      const response = expectOk(await http.send({ ...request, int64: true }), label, ibmMessage);
      if (response.body === undefined && response.text.trim() !== '')
        throw new VantageError('UPSTREAM', `${label} did not answer as its API does: text instead of JSON.`, {
          status: response.status,
          body: response.text.slice(0, 500),
        });
      return response.body as T;
    },
  };
}
