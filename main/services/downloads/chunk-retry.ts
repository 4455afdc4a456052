import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../../common/errors';
import { toIpcError } from '../../ipc/router';

/** Refusals a second try does not change: the link, the rights, the request itself. */
const FINAL = new Set([
  'CANCELLED',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'AUTH_FAILED',
  'INVALID_ARGUMENT',
  'UNSUPPORTED',
  'CONFLICT',
  'CERT_UNTRUSTED',
  'CERT_CHANGED',
  'SECRET_REQUIRED',
  'READ_ONLY',
]);
export const CHUNK_ATTEMPTS = 6;

/**
 * One chunk, tried again with a growing pause (delay, 2×, 4×… up to 8 s) when the failure is transient: a reset, a
 * body cut short, a 5xx, a timeout. The HTTP client retries a little itself; this covers longer trouble.
 */
export async function withChunkRetries<T>(
  attempt: () => Promise<T>,
  signal: AbortSignal,
  delayMs: number,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) throw new VantageError('CANCELLED', 'The download was stopped.');
      const code = toIpcError(error).code;
      if (FINAL.has(code) || tries >= CHUNK_ATTEMPTS) throw error;
      await sleep(Math.min(8000, delayMs * 2 ** (tries - 1)), undefined, { signal }).catch(() => undefined);
    }
  }
}
