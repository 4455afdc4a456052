import type { LabRequest } from '../core/types';

/**
 * The request body as JSON. PowerShell's Invoke-RestMethod (the pstoolkit) sends JSON without a JSON content type,
 * which the lab core parses as a form: read the raw bytes as JSON first, as the appliance does.
 */
export function jsonBody(req: LabRequest): Record<string, unknown> {
  const text = req.rawBody.toString('utf8').trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON after all: fall back to what the core parsed.
    }
  }
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {};
}

/** PHP's `intval`: "12.vm_ir" and "12" are both 12; anything without leading digits is 0. */
export function intval(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  const match = /^\s*[+-]?\d+/.exec(typeof value === 'string' ? value : '');
  return match ? Number.parseInt(match[0], 10) : 0;
}

/** PHP truthiness for flags sent as true/false, 1/0 or "1"/"0". */
export function truthy(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '0' ||
    value === ''
  );
}
