import type { Keychain } from './keychain';

export type SecretLocation = 'keychain' | 'session' | 'none';

/**
 * Profile secrets: in the OS keychain, or (when the user chooses, e.g. with no keychain) in this process's memory
 * only. Never on disk in clear, never in a profile file, an export, a log or a message to the renderer.
 */
export interface SecretsService {
  get(profileId: string): Promise<string | undefined>;
  /** Where the secret was kept. A keychain failure throws KEYCHAIN_UNAVAILABLE and keeps nothing. */
  put(profileId: string, secret: string, where: 'keychain' | 'session'): Promise<'keychain' | 'session'>;
  remove(profileId: string): Promise<void>;
  /** Whether a session-only secret is held, without touching the keychain. */
  inSession(profileId: string): boolean;
  /** The profile ids that have an item in the keychain (to reconcile items and records at start). */
  savedProfileIds(): Promise<string[]>;
}

const PREFIX = 'profile:';
const account = (profileId: string) => `${PREFIX}${profileId}`;

export function createSecretsService(keychain: Keychain): SecretsService {
  const session = new Map<string, string>();
  return {
    async get(profileId) {
      return session.get(profileId) ?? (await keychain.get(account(profileId)));
    },
    async put(profileId, secret, where) {
      if (where === 'session') {
        session.set(profileId, secret);
        return 'session';
      }
      await keychain.set(account(profileId), secret);
      session.delete(profileId);
      return 'keychain';
    },
    async remove(profileId) {
      session.delete(profileId);
      await keychain.delete(account(profileId));
    },
    inSession: (profileId) => session.has(profileId),
    savedProfileIds: async () =>
      (await keychain.accounts()).filter((a) => a.startsWith(PREFIX)).map((a) => a.slice(PREFIX.length)),
  };
}
