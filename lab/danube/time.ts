/** Timestamps the way the Python side prints them (microseconds; the lab only knows milliseconds). */

/** `datetime.isoformat()` of an aware UTC datetime: `2024-05-01T10:00:00.123000+00:00` (login `expires`, task log). */
export function pythonIsoformat(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/** DRF `DateTimeField` with ISO_8601: isoformat with `+00:00` turned into `Z` (`status_change`, `created`). */
export function drfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
