import { VantageError } from '../../common/errors';
import type { Profile } from '../../common/profiles';
import type { SecretsService } from './secrets';

export function secretRequired(profile: Pick<Profile, 'id' | 'name'>): VantageError {
  return new VantageError(
    'SECRET_REQUIRED',
    `“${profile.name}” needs its password or key: it was kept for a session that has ended, or it was never saved.`,
    { profileId: profile.id },
  );
}

/**
 * The secret a connector signs in with. A secret kept for the session only is gone after a restart: the keychain
 * was never asked to hold it (often because it could not be reached), so asking it now would only fail with a
 * misleading keychain error. Such a profile, or a keychain item that has vanished, answers SECRET_REQUIRED, which
 * the window turns into a prompt (then `profiles.setSecret` and a retry).
 */
export async function profileSecret(secrets: SecretsService, profile: Profile): Promise<string> {
  const secret =
    secrets.inSession(profile.id) || profile.secretIn === 'keychain'
      ? await secrets.get(profile.id)
      : undefined;
  if (!secret) throw secretRequired(profile);
  return secret;
}
