import { readFileSync } from 'node:fs';

import { afterAll, beforeAll } from 'vitest';

import type { Lab, LabOptions } from '../lab';
import { labClient, startVendorLab, VENDOR_FIXTURES, type LabAnswer, type LabClient } from '../core/testing';
import type { FlavourId } from './flavour';

/** Helpers shared by the vCenter contract tests: fixtures, the OpenAPI schemas, and a signed-in client. */

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`vmware/${name}`, VENDOR_FIXTURES), 'utf8')) as unknown;
}

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * Differences in keys and value types between a body and a fixture, recursively (values are not compared). Array
 * elements are compared with the fixture's first element. `optional` lists fixture keys a body may leave out (schema
 * examples show every optional field), `extra` keys a body may add.
 */
export function shapeDifferences(
  actual: unknown,
  expected: unknown,
  options: { optional?: readonly string[]; extra?: readonly string[] } = {},
  at = '$',
): string[] {
  if (kindOf(actual) !== kindOf(expected)) return [`${at}: ${kindOf(actual)} instead of ${kindOf(expected)}`];
  if (Array.isArray(actual) && Array.isArray(expected))
    return expected.length === 0
      ? []
      : actual.flatMap((item, i) => shapeDifferences(item, expected[0], options, `${at}[${i}]`));
  if (kindOf(actual) !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const missing = Object.keys(e)
    .filter((key) => !(key in a) && !options.optional?.includes(key))
    .map((key) => `${at}.${key}: missing`);
  const unexpected = Object.keys(a)
    .filter((key) => !(key in e) && !options.extra?.includes(key))
    .map((key) => `${at}.${key}: not in the fixture`);
  const nested = Object.keys(a)
    .filter((key) => key in e)
    .flatMap((key) => shapeDifferences(a[key], e[key], options, `${at}.${key}`));
  return [...missing, ...unexpected, ...nested];
}

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
}

interface SwaggerFile {
  paths: Record<string, Record<string, { responses: Record<string, { schema?: Schema }> }>>;
  definitions: Record<string, Schema>;
}

const specCache = new Map<string, SwaggerFile>();
function specFile(name: 'vcenter' | 'session' | 'cis'): SwaggerFile {
  let spec = specCache.get(name);
  if (!spec) {
    spec = JSON.parse(
      readFileSync(new URL(`specs/vcenter-7.0.3/${name}-7.0.3.json`, VENDOR_FIXTURES), 'utf8'),
    ) as SwaggerFile;
    specCache.set(name, spec);
  }
  return spec;
}

function validate(schema: Schema, value: unknown, spec: SwaggerFile, at: string): string[] {
  if (schema.$ref) {
    const target = spec.definitions[schema.$ref.replace('#/definitions/', '')];
    return target ? validate(target, value, spec, at) : [`${at}: unknown schema ${schema.$ref}`];
  }
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
    case 'boolean':
      return typeof value === type ? [] : [`${at}: ${kindOf(value)} instead of ${type}`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${kindOf(value)} instead of integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${kindOf(value)} instead of number`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: ${kindOf(value)} instead of array`];
      return schema.items
        ? value.flatMap((item, i) => validate(schema.items as Schema, item, spec, `${at}[${i}]`))
        : [];
    case 'object': {
      if (kindOf(value) !== 'object') return [`${at}: ${kindOf(value)} instead of object`];
      const record = value as Record<string, unknown>;
      const missing = (schema.required ?? [])
        .filter((key) => !(key in record))
        .map((key) => `${at}.${key}: required`);
      return [
        ...missing,
        ...Object.entries(record).flatMap(([key, item]) => {
          const property = schema.properties?.[key];
          if (property) return validate(property, item, spec, `${at}.${key}`);
          const extra = schema.additionalProperties;
          if (typeof extra === 'object') return validate(extra, item, spec, `${at}.${key}`);
          return [`${at}.${key}: not in the schema`];
        }),
      ];
    }
    default:
      return [];
  }
}

/**
 * Differences between an answer and what the vSphere 7.0.3 OpenAPI documents for `path` (the spec's key, with its
 * `?action=` suffix), `method` and the answer's status: the status must be documented and the body must match.
 */
export function specDifferences(
  file: 'vcenter' | 'session' | 'cis',
  path: string,
  method: string,
  answer: Pick<LabAnswer, 'status' | 'json' | 'text'>,
): string[] {
  const spec = specFile(file);
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not in ${file}.json`];
  const response = operation.responses[String(answer.status)];
  if (!response) return [`${answer.status} is not documented for ${method} ${path}`];
  if (!response.schema) return answer.text === '' ? [] : ['a body where the spec documents none'];
  return validate(response.schema, answer.json, spec, '$');
}

export type Headers = Record<string, string>;

/** Sign-in helpers over a real HTTPS client. */
export interface VcenterTestClient extends LabClient {
  basic(username?: string, password?: string): Headers;
  /** Signs in with the demo administrator (or the given user) and returns the session header. */
  login(flavour?: FlavourId, username?: string, password?: string): Promise<Headers>;
  sample(kind: string): string;
  guestCredentials(admin?: string): Record<string, unknown>;
}

export function vcenterClient(lab: Lab): VcenterTestClient {
  const info = lab.vendor('vcenter');
  const client = labClient(info);
  const extra = info.extra ?? {};
  const basic = (
    username = info.credentials.username ?? '',
    password = info.credentials.password ?? '',
  ): Headers => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
  return {
    ...client,
    basic,
    async login(flavour = 'api', username, password) {
      const path = flavour === 'api' ? '/api/session' : '/rest/com/vmware/cis/session';
      const answer = await client.call('POST', path, {
        headers: { ...basic(username, password), 'vmware-use-header-authn': 'true' },
      });
      const id = flavour === 'api' ? answer.json : (answer.json as { value?: unknown } | undefined)?.value;
      if (typeof id !== 'string') throw new Error(`login failed: ${answer.status} ${answer.text}`);
      return { 'vmware-api-session-id': id };
    },
    sample(kind) {
      const id = extra[`vm.${kind}`];
      if (!id) throw new Error(`the lab names no ${kind} machine`);
      return id;
    },
    guestCredentials: (admin) => ({
      interactive_session: false,
      type: 'USERNAME_PASSWORD',
      user_name: admin ?? extra.guestUsername,
      password: admin ? extra.guestAdminPassword : extra.guestPassword,
    }),
  };
}

/** Calls `probe` until `done` accepts its answer (simulated time is scaled, so this is short). */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SignedInLab {
  lab: Lab;
  client: VcenterTestClient;
  /** A session of the demo administrator in /api. */
  admin: Headers;
}

/** Starts a vCenter lab for the enclosing `describe` (or file) and signs in; stops it afterwards. */
export function useVcenterLab(options: LabOptions): Readonly<SignedInLab> {
  const started = {} as SignedInLab;
  beforeAll(async () => {
    started.lab = await startVendorLab('vcenter', options);
    started.client = vcenterClient(started.lab);
    started.admin = await started.client.login();
  });
  afterAll(async () => {
    await started.client.close();
    await started.lab.stop();
  });
  return started;
}

/** A request body built on a documentation example, with its values replaced. */
export function fromExample(
  name: string,
  values: Record<string, Record<string, unknown>>,
): Record<string, unknown> {
  const example = fixture(name) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(example).map(([key, part]) => [key, { ...part, ...values[key] }]));
}
