import { AsyncEntry } from '@napi-rs/keyring';

import type { Probe } from './diagnostics';

export const KEYCHAIN_SERVICE = 'dev.vantage.console';

/**
 * Reads a probe item from the OS keychain. On Linux the entry is pinned to the Secret Service so that a secret never
 * silently lands in the volatile kernel keyring.
 */
export function keychainProbe(timeoutMs = 4000): Probe {
  return async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const entry = new AsyncEntry(KEYCHAIN_SERVICE, 'vantage-probe', { linux: { store: 'secret-service' } });
      await entry.getPassword(controller.signal);
      return {
        status: 'ok',
        summary:
          process.platform === 'linux' ? 'The Secret Service keychain answers.' : 'The OS keychain answers.',
      };
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${timeoutMs / 1000} s`
        : error instanceof Error
          ? error.message
          : String(error);
      return {
        status: 'unavailable',
        summary: 'No OS keychain is reachable: passwords can be kept for this session only.',
        detail: reason,
      };
    } finally {
      clearTimeout(timer);
    }
  };
}
