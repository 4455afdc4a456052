import { VantageError } from '../../common/errors';

/**
 * A disruptive action on several targets goes ahead only with the typed count the user confirmed: main checks it
 * again, so a page that skips the dialog gains nothing.
 */
export function requireTypedCount(
  disruptive: boolean | undefined,
  count: number,
  confirmCount: number | undefined,
  noun: string,
  label: string,
): void {
  if (disruptive && count > 1 && confirmCount !== count)
    throw new VantageError(
      'INVALID_ARGUMENT',
      `Type the number of ${noun} (${count}) to confirm ${label.toLowerCase()} on all of them.`,
    );
}
