/** TigerVNC's defaults (BlacklistThreshold, BlacklistTimeout). */
export const BLACKLIST_THRESHOLD = 5;
export const BLACKLIST_TIMEOUT_MS = 10_000;
export const TOO_MANY_FAILURES = 'Too many security failures';

export interface AuthBlacklist {
  /** Whether a new connection from `address` must be turned away now. */
  isBlocked(address: string): boolean;
  recordFailure(address: string): void;
  recordSuccess(address: string): void;
}

interface Marks {
  failures: number;
  blockedUntil: number;
  nextTimeoutMs: number;
}

/**
 * Rate-limits wrong passwords like TigerVNC: once an address has failed `threshold` times it is refused for
 * `timeoutMs`; after that one more try is allowed, and each further failure blocks it for twice as long.
 * A success clears the address. Computed from timestamps when asked (no timers).
 */
export function createAuthBlacklist(
  now: () => number = Date.now,
  threshold = BLACKLIST_THRESHOLD,
  timeoutMs = BLACKLIST_TIMEOUT_MS,
): AuthBlacklist {
  const marks = new Map<string, Marks>();
  return {
    isBlocked(address) {
      const entry = marks.get(address);
      return entry !== undefined && now() < entry.blockedUntil;
    },
    recordFailure(address) {
      const entry = marks.get(address) ?? { failures: 0, blockedUntil: 0, nextTimeoutMs: timeoutMs };
      entry.failures++;
      if (entry.failures >= threshold) {
        entry.blockedUntil = now() + entry.nextTimeoutMs;
        entry.nextTimeoutMs *= 2;
      }
      marks.set(address, entry);
    },
    recordSuccess(address) {
      marks.delete(address);
    },
  };
}
