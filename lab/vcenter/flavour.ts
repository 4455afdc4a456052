import type { LabResponse } from '../core/types';
import { apiErrorBody, restErrorBody, statusOf, type VapiError, vapiError } from './errors';
import { isRecord } from './values';

/** The two renderings of the same API (four-vendors.md §4.1). */
export type FlavourId = 'rest' | 'api';

export interface Flavour {
  readonly id: FlavourId;
  readonly prefix: '/rest' | '/api';
  /** A successful answer with a result: `{"value": ...}` with 200 in /rest; raw in /api, 201 when it created something. */
  result(value: unknown, created: boolean, headers?: Record<string, string>): LabResponse;
  /** A successful answer without a result: 200 and no body in /rest, 204 in /api. */
  done(): LabResponse;
  error(error: VapiError): LabResponse;
  /** A vAPI map: a JSON object in /api, a list of `{"key", "value"}` entries in /rest. */
  map(entries: Record<string, unknown>): unknown;
  /** Reads a string map from a request body in this flavour's encoding; undefined when absent. */
  readMap(value: unknown, field: string): Record<string, string> | undefined;
  /** An array query parameter: `filter.names=a&filter.names.1=b` in /rest, repeated `names=a&names=b` in /api. */
  queryList(query: URLSearchParams, name: string): string[];
  /** The operation selected by the query: `?~action=` or `?action=` in /rest, `?action=` in /api. */
  action(query: URLSearchParams): string | null;
  /** The error for a path or action that has no operation. */
  unknownOperation(path: string): VapiError;
}

function refusal(status: number, body: unknown, error: VapiError): LabResponse {
  return { status, body, reason: `${error.kind}: ${error.message}` };
}

function badMap(field: string): VapiError {
  return vapiError(
    'INVALID_ARGUMENT',
    'vapi.bindings.typeconverter.invalid.type',
    `Field ${field} does not hold a map of strings in the expected encoding.`,
    field,
  );
}

const REST: Flavour = {
  id: 'rest',
  prefix: '/rest',
  result: (value, _created, headers) => ({ status: 200, body: { value }, ...(headers ? { headers } : {}) }),
  done: () => ({ status: 200 }),
  error: (error) => refusal(statusOf(error.kind, 'rest'), restErrorBody(error), error),
  map: (entries) => Object.entries(entries).map(([key, value]) => ({ key, value })),
  readMap(value, field) {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw badMap(field);
    const out: Record<string, string> = {};
    for (const entry of value as unknown[]) {
      if (!isRecord(entry) || typeof entry.key !== 'string' || typeof entry.value !== 'string')
        throw badMap(field);
      out[entry.key] = entry.value;
    }
    return out;
  },
  queryList(query, name) {
    // Both encodings the docs show: repeated `filter.x=` and numbered `filter.x.1=`, `filter.x.2=`.
    const base = `filter.${name}`;
    const numbered = [...query.entries()]
      .map(([key, value]) => ({
        n: key.startsWith(`${base}.`) ? Number(key.slice(base.length + 1)) : NaN,
        value,
      }))
      .filter((entry) => Number.isInteger(entry.n))
      .sort((a, b) => a.n - b.n)
      .map((entry) => entry.value);
    return [...query.getAll(base), ...numbered];
  },
  action: (query) => query.get('~action') ?? query.get('action'),
  unknownOperation: (path) =>
    vapiError(
      'NOT_FOUND',
      'com.vmware.vapi.rest.operationsForUrlNotFound',
      `Unable to find operations for URL: ${path.slice('/rest'.length)}.`,
      path.slice('/rest'.length),
    ),
};

const API: Flavour = {
  id: 'api',
  prefix: '/api',
  result: (value, created, headers) => ({
    status: created ? 201 : 200,
    body: value,
    ...(headers ? { headers } : {}),
  }),
  done: () => ({ status: 204 }),
  error: (error) => refusal(statusOf(error.kind, 'api'), apiErrorBody(error), error),
  map: (entries) => entries,
  readMap(value, field) {
    if (value === undefined) return undefined;
    if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) throw badMap(field);
    return value as Record<string, string>;
  },
  queryList: (query, name) => query.getAll(name),
  action: (query) => query.get('action'),
  unknownOperation: () => vapiError('NOT_FOUND', 'com.vmware.vapi.rest.httpNotFound', 'Not found.'),
};

export const FLAVOURS: readonly Flavour[] = [REST, API];
