import { VantageError } from '../../common/errors';
import type { Keychain } from './keychain';

/** A keychain in memory, for unit tests of the services around it (the app and e2e use the OS keychain). */
export function memoryKeychain(
  options: { unavailable?: boolean } = {},
): Keychain & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const guard = (): void => {
    if (options.unavailable)
      throw new VantageError('KEYCHAIN_UNAVAILABLE', 'The OS keychain cannot be reached.');
  };
  return {
    items,
    get: (account) => {
      guard();
      return Promise.resolve(items.get(account));
    },
    set: (account, secret) => {
      guard();
      items.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => {
      guard();
      items.delete(account);
      return Promise.resolve();
    },
    accounts: () => {
      guard();
      return Promise.resolve([...items.keys()]);
    },
  };
}
