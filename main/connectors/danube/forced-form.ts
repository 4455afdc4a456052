import { VantageError } from '../../../common/errors';
import type { RetryForm } from '../../../common/machines';

/**
 * Danube's published API answers 428 “Force parameter must be used” to a `PUT .../status/current/` without
 * `force`; v4.6 takes it without. Vantage sends `force` only when the administrator chose it, so this refusal
 * leads back to the same action with Force ticked and the seed's warning shown.
 */
export function forcedFormNeeded(
  error: unknown,
  actionId: string,
  options: Record<string, unknown>,
): unknown {
  if (!(error instanceof VantageError) || options.force === true) return error;
  const details = error.details as { status?: unknown } | undefined;
  if (details?.status !== 428) return error;
  const retryForm: RetryForm = { actionId, options: { ...options, force: true } };
  return new VantageError(
    'CONFLICT',
    `${error.message} Danube Cloud asks for the forced form: an administrator may repeat it with “Force the change”.`,
    { ...details, retryForm },
  );
}
