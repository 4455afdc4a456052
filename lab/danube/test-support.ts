import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll } from 'vitest';

import type { Lab, LabOptions } from '../lab';
import { labClient, startVendorLab, VENDOR_FIXTURES, type LabAnswer, type LabClient } from '../core/testing';
import { ADMIN, PLAIN_USER, type ShowcaseRole } from './data';

/** Helpers shared by the Danube contract tests (not a test file itself). */

export interface Fixture {
  status: number;
  text: unknown;
}

/**
 * A verbatim documentation example: the `es` CLI's wrapper `{url, status, method, text}`. Two of them carry a
 * trailing comma (invalid JSON, kept verbatim), which is dropped before parsing.
 */
export function fixture(name: string): Fixture {
  const raw = readFileSync(new URL(`danube/${name}.json`, VENDOR_FIXTURES), 'utf8');
  return JSON.parse(raw.replace(/,(\s*[}\]])/g, '$1')) as Fixture;
}

const kind = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * Differences in shape between a documented example and a live answer: every documented key must exist with the
 * same JSON type, recursively; keys the example lacks must be listed in `extra` (documented elsewhere in the
 * contract) under their path; a documented null accepts any type. `{"...": "..."}` placeholders in examples are skipped. Values are not compared.
 */
export function shapeProblems(
  expected: unknown,
  actual: unknown,
  extra: Readonly<Record<string, readonly string[]>> = {},
  path = '$',
): string[] {
  // A documented null stands for a nullable field (e.g. `node` of a VM not deployed yet).
  if (expected === null) return [];
  if (kind(expected) !== kind(actual)) return [`${path}: expected ${kind(expected)}, got ${kind(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const samples = expected.filter((item) => !(item && typeof item === 'object' && '...' in item));
    if (samples.length && !actual.length) return [`${path}: expected items, got an empty array`];
    return samples.length
      ? actual.flatMap((item) => shapeProblems(samples[0], item, extra, `${path}[]`))
      : [];
  }
  if (kind(expected) !== 'object') return [];
  const want = expected as Record<string, unknown>;
  const got = actual as Record<string, unknown>;
  const problems = Object.keys(want).flatMap((key) =>
    key in got
      ? shapeProblems(want[key], got[key], extra, `${path}.${key}`)
      : [`${path}: missing key "${key}"`],
  );
  const allowed = new Set(extra[path] ?? []);
  for (const key of Object.keys(got))
    if (!(key in want) && !allowed.has(key)) problems.push(`${path}: extra key "${key}"`);
  return problems;
}

export interface Session {
  lab: Lab;
  client: LabClient;
  /** Showcase VMs by role (printed by describe()). */
  vms: Record<ShowcaseRole, string>;
  adminKey: string;
  userKey: string;
  call(
    method: string,
    path: string,
    options?: { as?: Record<string, string>; body?: unknown },
  ): Promise<LabAnswer>;
  /** Token headers of a fresh login. */
  login(username: string, password: string): Promise<Record<string, string>>;
  /** Polls `/task/<id>/status/` until the task is no longer pending. */
  waitForTask(taskId: string, as: Record<string, string>): Promise<LabAnswer>;
  close(): Promise<void>;
}

export async function openSession(options: LabOptions = {}): Promise<Session> {
  const lab = await startVendorLab('danube', { vms: 200, ...options });
  const info = lab.vendor('danube');
  const client = labClient(info);
  const vms = Object.fromEntries(
    (info.extra?.showcaseVms ?? '').split(', ').map((pair) => pair.split('=') as [string, string]),
  ) as Record<ShowcaseRole, string>;
  const call: Session['call'] = (method, path, { as, body } = {}) =>
    client.call(method, path, { ...(as ? { headers: as } : {}), ...(body !== undefined ? { body } : {}) });
  return {
    lab,
    client,
    vms,
    adminKey: info.credentials.apiKey ?? '',
    userKey: info.extra?.userApiKey ?? '',
    call,
    async login(username, password) {
      const answer = await call('POST', '/api/accounts/login/', { body: { username, password } });
      if (answer.status !== 200) throw new Error(`login of ${username} failed: ${answer.text}`);
      return { authorization: `Token ${(answer.json as { token: string }).token}` };
    },
    async waitForTask(taskId, as) {
      for (let i = 0; i < 500; i++) {
        const answer = await call('GET', `/api/task/${taskId}/status/`, { as });
        if (answer.status !== 201) return answer;
        await sleep(15);
      }
      throw new Error(`task ${taskId} still pending`);
    },
    async close() {
      await client.close();
      await lab.stop();
    },
  };
}

export interface SignedIn {
  s: Session;
  /** Token headers of the admin and of the plain user. */
  admin: Record<string, string>;
  user: Record<string, string>;
}

/** A session for a `describe` block, opened before its tests with both users signed in and closed after them. */
export function useSignedIn(options: LabOptions = {}): SignedIn {
  const holder = {} as SignedIn;
  beforeAll(async () => {
    const s = await openSession(options);
    Object.assign(holder, {
      s,
      admin: await s.login(ADMIN.username, ADMIN.password),
      user: await s.login(PLAIN_USER.username, PLAIN_USER.password),
    });
  });
  afterAll(() => holder.s.close());
  return holder;
}

/** The `{status, result, task_id}` envelope. */
export interface Envelope {
  status: string;
  result: unknown;
  task_id: string;
}

export const envelope = (answer: LabAnswer): Envelope => answer.json as Envelope;
export const detail = (answer: LabAnswer): unknown =>
  (answer.json as { detail?: unknown } | undefined)?.detail;
