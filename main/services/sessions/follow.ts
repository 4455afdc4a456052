import { VantageError } from '../../../common/errors';
import type { RecoverySession } from '../../../common/sessions';

const LIMIT_MS = 2 * 60 * 60_000;

/**
 * Polls a session until `done` says so (undefined: it is gone). The appliance pushes nothing, so this is how a task
 * learns that `creating` became `available`. Throws CANCELLED when the signal aborts.
 */
export async function followSession(
  read: () => Promise<RecoverySession | undefined>,
  done: (session: RecoverySession | undefined) => boolean,
  options: { pollMs: number; signal: AbortSignal; onState?: (session: RecoverySession) => void },
): Promise<RecoverySession | undefined> {
  const deadline = Date.now() + LIMIT_MS;
  for (;;) {
    if (options.signal.aborted) throw new VantageError('CANCELLED', 'Cancelled.');
    const session = await read();
    if (done(session)) return session;
    if (session) options.onState?.(session);
    if (Date.now() > deadline)
      throw new VantageError('TIMEOUT', `${session?.name ?? 'The session'} did not settle within two hours.`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

export const settledSession = (s: RecoverySession | undefined): boolean => !s || !s.changing;

/** A sentence for where a session stands. */
export const describeSession = (s: RecoverySession): string =>
  `${s.name} is ${s.type === 'wir' ? s.mode : `${s.status} (${s.mode})`} on ${s.host || s.systemName}`;
