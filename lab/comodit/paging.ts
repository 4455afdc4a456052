import type { LabResponse } from '../core/types';
import { comoditError } from './errors';

/**
 * Collections answer `{count, offset, total, items}` (interactions.html). The contract names no paging parameters:
 * `_offset`/`_limit` are accepted (and `offset`/`limit`), without a limit every item is returned.
 */
function readNonNegative(query: URLSearchParams, names: readonly string[]): number | undefined | Error {
  for (const name of names) {
    const raw = query.get(name);
    if (raw === null) continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < 0)
      return new Error(`Invalid value for ${name}: "${raw}" (a non-negative integer is expected)`);
    return n;
  }
  return undefined;
}

export function collection<T>(
  items: readonly T[],
  query: URLSearchParams,
  render: (item: T) => unknown,
): LabResponse {
  const offset = readNonNegative(query, ['_offset', 'offset']);
  const limit = readNonNegative(query, ['_limit', 'limit']);
  if (offset instanceof Error) return comoditError(400, offset.message);
  if (limit instanceof Error) return comoditError(400, limit.message);
  const start = Math.min(offset ?? 0, items.length);
  const end = limit === undefined ? items.length : Math.min(items.length, start + limit);
  const page = items.slice(start, end).map(render);
  return { status: 200, body: { count: page.length, offset: start, total: items.length, items: page } };
}
