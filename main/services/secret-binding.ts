import type { ProfileInput } from '../../common/profiles';
import { IBM_IAM_URL } from '../connectors/ibm-br';

/**
 * The endpoints a saved secret is bound to, as browsers bind a saved password to an origin: scheme, host and port of
 * every server the secret is sent to (IBM: the service and the IAM token endpoint, where the API key actually goes).
 */
export function secretEndpoints(profile: Pick<ProfileInput, 'baseUrl' | 'options'>): string[] {
  const urls = [profile.baseUrl];
  if (profile.options.vendor === 'ibm-br') urls.push(profile.options.iamUrl ?? IBM_IAM_URL);
  return urls.map((url) => new URL(url.trim()).origin);
}

/** Whether an edit keeps the secret's endpoints; when it does not, the saved secret must not follow. */
export function sameSecretEndpoints(
  before: Pick<ProfileInput, 'baseUrl' | 'options'>,
  after: Pick<ProfileInput, 'baseUrl' | 'options'>,
): boolean {
  const a = secretEndpoints(before);
  const b = secretEndpoints(after);
  return a.length === b.length && a.every((origin, index) => origin === b[index]);
}
