import { describe, expect, it } from 'vitest';

import type { Profile } from '../../common/profiles';
import { memoryKeychain } from './memory-keychain';
import { profileSecret } from './secret-source';
import { createSecretsService } from './secrets';

const profile = (secretIn: Profile['secretIn']) =>
  ({ id: '6f1d0f43-4a5e-4b4e-9d53-0a8e7c1b2a10', name: 'Lab vCenter', secretIn }) as Profile;

describe('profileSecret', () => {
  it('asks for a session-only secret after a restart without touching an unreachable keychain', async () => {
    // A new secrets service is what a restart leaves: nothing in the session.
    const secrets = createSecretsService(memoryKeychain({ unavailable: true }));
    await expect(profileSecret(secrets, profile('none'))).rejects.toMatchObject({
      code: 'SECRET_REQUIRED',
      details: { profileId: profile('none').id },
    });
  });

  it('answers the session secret while the session lasts', async () => {
    const secrets = createSecretsService(memoryKeychain({ unavailable: true }));
    await secrets.put(profile('none').id, 's3cret', 'session');
    await expect(profileSecret(secrets, profile('none'))).resolves.toBe('s3cret');
  });

  it('reads the keychain for a saved secret and asks when its item has vanished', async () => {
    const keychain = memoryKeychain();
    const secrets = createSecretsService(keychain);
    await secrets.put(profile('keychain').id, 'kept', 'keychain');
    await expect(profileSecret(secrets, profile('keychain'))).resolves.toBe('kept');
    keychain.items.clear();
    await expect(profileSecret(secrets, profile('keychain'))).rejects.toMatchObject({
      code: 'SECRET_REQUIRED',
    });
  });

  it('still reports an unreachable keychain for a secret saved there', async () => {
    const secrets = createSecretsService(memoryKeychain({ unavailable: true }));
    await expect(profileSecret(secrets, profile('keychain'))).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
    });
  });
});
