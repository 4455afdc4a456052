import type { Probe } from './diagnostics';
import type { Keychain } from './keychain';

/** Reads a probe item: if the keychain answers at all (even "no such item"), secrets can be kept there. */
export function keychainProbe(keychain: Keychain): Probe {
  return async () => {
    try {
      await keychain.get('vantage-probe');
      return {
        status: 'ok',
        summary:
          process.platform === 'linux' ? 'The Secret Service keychain answers.' : 'The OS keychain answers.',
      };
    } catch (error) {
      return {
        status: 'unavailable',
        summary: 'No OS keychain is reachable: passwords can be kept for this session only.',
        detail: (error as { details?: { detail?: string } }).details?.detail ?? String(error),
      };
    }
  };
}
