import { VantageError } from '../../../common/errors';
import type { QueryValue } from '../../net/http-client';
import { throwIfAborted } from './errors';
import type { ComoditCollection } from './records';

export type Reader = (path: string, query?: Record<string, QueryValue>) => Promise<unknown>;

function asCollection<T>(body: unknown, path: string): ComoditCollection<T> {
  const page = body as Partial<ComoditCollection<T>> | undefined;
  if (!page || !Array.isArray(page.items))
    throw new VantageError('UPSTREAM', `ComodIT answered ${path} with something that is not a list.`, {
      status: 200,
      body,
    });
  return page as ComoditCollection<T>;
}

/**
 * The pages of a collection, `limit` items at a time; the next page is requested while the caller works on the
 * current one. Stops at `total`, or at an empty page should the server ignore the paging parameters.
 */
export async function* pagesOf<T>(
  read: Reader,
  path: string,
  limit: number,
  signal: AbortSignal,
  what: string,
): AsyncGenerator<T[]> {
  const fetchPage = async (offset: number) =>
    asCollection<T>(await read(path, { _offset: offset, _limit: limit }), path);
  let next = fetchPage(0);
  for (let offset = 0; ;) {
    throwIfAborted(signal, what);
    const page = await next;
    offset += page.items.length;
    const more = page.items.length > 0 && offset < page.total;
    if (more) {
      next = fetchPage(offset);
      // Should the caller stop before awaiting it, its failure must not surface as an unhandled rejection.
      next.catch(() => undefined);
    }
    yield page.items;
    if (!more) return;
  }
}
