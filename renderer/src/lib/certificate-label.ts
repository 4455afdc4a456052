import type { ConnectionVerdict } from '../../../common/connection';
import type { ProfileView } from '../../../common/profiles';

/**
 * What the profile's page says about the server's certificate: only what is known. Before a test nothing was
 * checked (a self-signed server would be refused), so it says so instead of "Verified by the trust store".
 */
export function certificateLabel(profile: ProfileView, verdict: ConnectionVerdict | undefined): string {
  if (profile.tls.pinnedFingerprint256) return `Pinned ${profile.tls.pinnedFingerprint256}`;
  const check = verdict?.checks.find((c) => c.id === 'certificate');
  if (!check || check.status === 'skipped') return 'Not yet checked: test the connection';
  if (check.status === 'failed') return `Not trusted: ${check.message}`;
  return profile.tls.caPem ? 'Verified by the profile’s CA certificate' : 'Verified by the trust store';
}
