import { vapiError } from './errors';
import { result, type Call, type Outcome } from './endpoints';
import type { FlavourId } from './flavour';

/** The `list` operations: a FilterSpec in the query, a cap on the number of matches, summaries in inventory order. */

export interface ListFilter<T> {
  /** FilterSpec field: `names` (sent as `filter.names` in /rest). */
  name: string;
  match: (item: T, wanted: ReadonlySet<string>) => boolean;
  /** The enumeration the field takes: any other value is 400 INVALID_ARGUMENT. */
  values?: readonly string[];
}

export interface ListSpec<T> {
  items: readonly T[];
  filters: readonly ListFilter<T>[];
  /** "Returns information about at most N visible ...": above that the call fails rather than truncates. */
  cap: Readonly<Record<FlavourId, number>>;
  tooMany: { id: string; text: string };
  summary(item: T): unknown;
}

/** A filter on one identifier or name of the item. */
export function byKey<T>(
  name: string,
  key: (item: T) => string | undefined,
  values?: readonly string[],
): ListFilter<T> {
  return { name, match: (item, wanted) => wanted.has(key(item) ?? ''), ...(values ? { values } : {}) };
}

/** A filter on containment: the item matches when any of its containers (itself included) is wanted. */
export function byLineage<T>(name: string, lineage: (item: T) => readonly string[]): ListFilter<T> {
  return { name, match: (item, wanted) => lineage(item).some((id) => wanted.has(id)) };
}

export function listMatching<T>(call: Call, spec: ListSpec<T>): Outcome {
  const active = spec.filters
    .map((filter) => ({ filter, wanted: call.flavour.queryList(call.req.query, filter.name) }))
    .filter(({ wanted }) => wanted.length > 0);
  for (const { filter, wanted } of active) {
    const bad = filter.values ? wanted.find((value) => !filter.values?.includes(value)) : undefined;
    if (bad !== undefined)
      throw vapiError(
        'INVALID_ARGUMENT',
        'vapi.bindings.typeconverter.enum.invalid',
        `Invalid value '${bad}' for ${filter.name}: expected one of ${filter.values?.join(', ')}.`,
        bad,
        filter.name,
      );
  }
  const checks = active.map(({ filter, wanted }) => ({ match: filter.match, wanted: new Set(wanted) }));
  const cap = spec.cap[call.flavour.id];
  const matched: T[] = [];
  for (const item of spec.items) {
    if (!checks.every((check) => check.match(item, check.wanted))) continue;
    matched.push(item);
    if (matched.length > cap)
      throw vapiError('UNABLE_TO_ALLOCATE_RESOURCE', spec.tooMany.id, spec.tooMany.text);
  }
  return result(matched.map((item) => spec.summary(item)));
}
