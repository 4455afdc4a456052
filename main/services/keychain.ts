import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';

import { VantageError } from '../../common/errors';

export const KEYCHAIN_SERVICE = 'dev.vantage.console';

/** The OS keychain as the secrets service needs it; tests may pass a fake, the app always the real one. */
export interface Keychain {
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** The accounts Vantage keeps items under (to clean up after something removed). */
  accounts(): Promise<string[]>;
}

const TIMEOUT_MS = 5000;

function unavailable(error: unknown): VantageError {
  const detail = error instanceof Error ? error.message : String(error);
  return new VantageError(
    'KEYCHAIN_UNAVAILABLE',
    'The OS keychain cannot be reached, so the secret was not saved. Keep it for this session only, or unlock or start your keychain (on Linux: the Secret Service, e.g. GNOME Keyring or KWallet) and try again.',
    { detail },
  );
}

/**
 * The OS keychain through @napi-rs/keyring: one item per profile under the service `dev.vantage.console`. On Linux
 * the entry is pinned to the Secret Service, so a secret never silently lands in the volatile kernel keyring.
 */
export function osKeychain(service = KEYCHAIN_SERVICE): Keychain {
  const withDeadline = async <T>(action: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      return await action(controller.signal);
    } catch (error) {
      throw unavailable(
        controller.signal.aborted ? new Error(`no answer within ${TIMEOUT_MS / 1000} s`) : error,
      );
    } finally {
      clearTimeout(timer);
    }
  };
  const run = <T>(
    account: string,
    action: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>,
  ): Promise<T> =>
    withDeadline((signal) =>
      action(new AsyncEntry(service, account, { linux: { store: 'secret-service' } }), signal),
    );
  return {
    get: (account) => run(account, async (entry, signal) => (await entry.getPassword(signal)) ?? undefined),
    set: (account, secret) => run(account, (entry, signal) => entry.setPassword(secret, signal)),
    delete: (account) =>
      run(account, async (entry, signal) => {
        await entry.deleteCredential(signal);
      }),
    accounts: () =>
      withDeadline(async (signal) =>
        (await findCredentialsAsync(service, null, signal)).map((credential) => credential.account),
      ),
  };
}
