/** Request parameters read the way the Python side reads them. */

/** A parameter as the Python side would see it after `str()` (objects as JSON). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** Reads a boolean parameter like DRF's BooleanField (`get_boolean_value`): absent means the default. */
export function boolParam(data: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = data[name];
  if (value === undefined || value === null) return fallback;
  if (['t', 'T', 'true', 'True', 'TRUE', '1', 1, true].includes(value as string)) return true;
  if (['f', 'F', 'false', 'False', 'FALSE', '0', 0, false].includes(value as string)) return false;
  return Boolean(value);
}
