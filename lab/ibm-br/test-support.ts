import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { Agent, request } from 'undici';

import type { Lab, LabOptions, LabVendorInfo } from '../lab';
import { labClient, startVendorLab, VENDOR_FIXTURES, type LabAnswer, type LabClient } from '../core/testing';

/* Helpers for this folder's tests: IAM sign-in, fixtures from test/fixtures/vendors, shape comparison, polling. */

export const APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey';

export function fixture(name: string): unknown {
  const url = new URL(`ibm-br/${name}`, VENDOR_FIXTURES);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

export function tokenRequest(client: LabClient, form: Record<string, string>): Promise<LabAnswer> {
  return client.call('POST', '/identity/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    rawBody: new URLSearchParams(form).toString(),
  });
}

/** Exchanges the lab's API key for a bearer token; returns the headers every /v2 call needs. */
export async function signIn(client: LabClient, info: LabVendorInfo): Promise<Record<string, string>> {
  const answer = await tokenRequest(client, {
    grant_type: APIKEY_GRANT,
    apikey: info.credentials.apiKey ?? '',
  });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  const token = (answer.json as { access_token: string }).access_token;
  return {
    authorization: `Bearer ${token}`,
    'x-ibm-tenant-id': info.credentials.tenantId ?? '',
    accept: 'application/json',
  };
}

const kind = (value: unknown): string =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

/**
 * Where `actual` leaves the fixture's shape: keys the fixture does not have, or values of another JSON type,
 * recursively (array items against the fixture's first item). Values themselves are not compared.
 */
export function shapeMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected === undefined || expected === null) return [];
  if (kind(actual) !== kind(expected))
    return [`${path}: ${kind(actual)} where the fixture has ${kind(expected)}`];
  if (Array.isArray(actual) && Array.isArray(expected))
    return expected.length === 0
      ? []
      : actual.flatMap((item, i) => shapeMismatches(item, expected[0], `${path}[${i}]`));
  if (kind(actual) !== 'object') return [];
  const exp = expected as Record<string, unknown>;
  return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) =>
    key in exp ? shapeMismatches(value, exp[key], `${path}.${key}`) : [`${path}.${key}: not in the fixture`],
  );
}

/** The fixture keys of an entity that none of the actual items carry (the fields the lab leaves out). */
export function omittedKeys(items: readonly unknown[], expected: unknown): string[] {
  const seen = new Set(items.flatMap((item) => Object.keys(item as object)));
  return Object.keys(expected as object)
    .filter((key) => !seen.has(key))
    .sort();
}

/** Deep union of two fixtures' shapes (the SDK mock and a docs sample of the same operation). */
export function mergeShapes(a: unknown, b: unknown): unknown {
  if (kind(a) === 'object' && kind(b) === 'object') {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [key, value] of Object.entries(b as Record<string, unknown>))
      out[key] = mergeShapes(out[key], value);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) return [mergeShapes(a[0], b[0])];
  return a ?? b;
}

/** Polls until `probe` returns a value, or fails after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 8_000,
  stepMs = 40,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(stepMs);
  }
}

/** A typed view of a JSON answer for tests (the lab's own bodies). */
export function body<T = Record<string, unknown>>(answer: LabAnswer): T {
  return answer.json as T;
}

export interface Session {
  lab: Lab;
  info: LabVendorInfo;
  client: LabClient;
  headers: Record<string, string>;
  /** A /v2 call with the session's token and tenant. */
  call(method: string, path: string, body?: unknown): Promise<LabAnswer>;
  close(): Promise<void>;
}

/** Starts the IBM lab alone, signs in, and hands back a client bound to it. */
export async function openSession(options: LabOptions = {}): Promise<Session> {
  const lab = await startVendorLab('ibm-br', options);
  const info = lab.vendor('ibm-br');
  const client = labClient(info);
  const headers = await signIn(client, info);
  return {
    lab,
    info,
    client,
    headers,
    call: (method, path, payload) =>
      client.call(method, `/v2${path}`, { headers, ...(payload === undefined ? {} : { body: payload }) }),
    async close() {
      await client.close();
      await lab.stop();
    },
  };
}

export const CHUNK = 8 * 1024 * 1024;

/** Byte downloads (the lab client decodes bodies as text, which would mangle binary content). */
export async function getBytes(session: Session, path: string): Promise<{ status: number; bytes: Buffer }> {
  const dispatcher = new Agent({
    connect: session.info.certificatePem ? { ca: session.info.certificatePem } : {},
  });
  try {
    const answer = await request(new URL(`/v2${path}`, session.info.url), {
      headers: session.headers,
      dispatcher,
    });
    return { status: answer.statusCode, bytes: Buffer.from(await answer.body.arrayBuffer()) };
  } finally {
    await dispatcher.close();
  }
}

/** The client pattern for IBM downloads: 8 MiB `startOffset`/`length` chunks until a short one comes back. */
export async function downloadInChunks(session: Session, path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let offset = 0; ;) {
    const { status, bytes } = await getBytes(session, `${path}${sep}startOffset=${offset}&length=${CHUNK}`);
    if (status !== 200) throw new Error(`chunk at ${offset} answered ${status}`);
    parts.push(bytes);
    offset += bytes.length;
    if (bytes.length < CHUNK) return Buffer.concat(parts);
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
