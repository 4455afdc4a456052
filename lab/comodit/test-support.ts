/**
 * Helpers for the ComodIT and Unitrends contract tests (imported by both folders; they belong in lab/core/testing.ts
 * once its owner wants them).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'vitest';

import type { VendorId } from '../../common/vendors';
import { createClock } from '../core/clock';
import type { FaultConfig } from '../core/faults';
import { createRefusalLog, type Refusal } from '../core/log';
import { createRng, hashString } from '../core/rng';
import { startVendorServer } from '../core/server';
import { makeLabCertificate } from '../core/tls';
import type { ConsoleRegistry, VendorFactory } from '../core/types';
import { labClient, VENDOR_FIXTURES, type LabAnswer, type LabClient } from '../core/testing';
import type { LabVendorInfo } from '../lab';

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined';

const jsonType = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType);

/**
 * How the shape of `actual` differs from `expected`: same keys and JSON types, recursively (values are ignored).
 * Array elements are all compared with the expected array's first element. `extraKeys` may appear beyond the
 * expected ones, `optional` ones may be absent, `nullable` ones may be null where the example has a value.
 */
export function shapeDiff(
  actual: unknown,
  expected: unknown,
  options: { extraKeys?: readonly string[]; optional?: readonly string[]; nullable?: readonly string[] } = {},
  path = '$',
): string[] {
  const want = jsonType(expected);
  const got = jsonType(actual);
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (got === 'null' && options.nullable?.includes(key)) return [];
  if (want !== got) return [`${path}: expected ${want}, got ${got}`];
  if (want === 'array') {
    const [model] = expected as unknown[];
    if (model === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeDiff(item, model, options, `${path}[${i}]`));
  }
  if (want !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const diffs = Object.keys(e).flatMap((k) => {
    if (k in a) return shapeDiff(a[k], e[k], options, `${path}.${k}`);
    return options.optional?.includes(k) ? [] : [`${path}.${k}: missing`];
  });
  for (const k of Object.keys(a))
    if (!(k in e) && !options.extraKeys?.includes(k)) diffs.push(`${path}.${k}: unexpected key`);
  return diffs;
}

/** A verbatim vendor example from test/fixtures/vendors. */
export function readFixture(vendor: string, file: string): unknown {
  return JSON.parse(readFileSync(new URL(`${vendor}/${file}`, VENDOR_FIXTURES), 'utf8')) as unknown;
}

/** Polls until `check` returns something defined; fails after `timeoutMs` rather than hanging. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** Consoles that always open (or always fail), for the VNC answers without the lab's RFB server. */
export function stubConsoles(fail?: string): ConsoleRegistry & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    open(machineKey) {
      if (fail) return Promise.reject(new Error(fail));
      opened.push(machineKey);
      return Promise.resolve({ host: '127.0.0.1', port: 5900 + opened.length, password: 'vnc-pass' });
    },
    close: () => Promise.resolve(),
  };
}

export interface StubbedVendor {
  info: LabVendorInfo;
  setFaults(faults: FaultConfig): void;
  refusals(): readonly Refusal[];
  stop(): Promise<void>;
}

/** One simulator over HTTPS with the given consoles, wired like `startVendorLab` (same seed and time scale). */
export async function startWithConsoles(
  vendor: VendorId,
  factory: VendorFactory,
  consoles: ConsoleRegistry,
  options: { seed?: number; vms?: number; timeScale?: number } = {},
): Promise<StubbedVendor> {
  const seed = options.seed ?? 42;
  let faults: FaultConfig = {};
  const log = createRefusalLog();
  const simulator = factory({
    vendor,
    seed,
    vms: options.vms ?? 60,
    rng: createRng((seed ^ hashString(vendor)) >>> 0),
    clock: createClock(options.timeScale ?? 0.02),
    faults: () => faults,
    consoles,
    log,
  });
  const certificate = await makeLabCertificate(`${vendor}.lab.vantage.invalid`);
  const faultRng = createRng(seed).fork('faults');
  const server = await startVendorServer({
    vendor,
    simulator,
    certificate,
    host: '127.0.0.1',
    port: 0,
    faults: () => faults,
    random: () => faultRng.next(),
    log,
  });
  return {
    info: {
      vendor,
      url: server.url,
      port: server.port,
      certificatePem: certificate.cert,
      ...simulator.describe(),
    },
    setFaults: (next) => {
      faults = next;
    },
    refusals: () => log.entries(),
    stop: () => server.close(),
  };
}

/** Runs `run` with a fresh client while `faults` are in force, then clears them. */
export async function withFaults(
  setFaults: (faults: FaultConfig) => void,
  info: LabVendorInfo,
  faults: FaultConfig,
  run: (client: LabClient) => Promise<void>,
): Promise<void> {
  setFaults(faults);
  const client = labClient(info);
  try {
    await run(client);
  } finally {
    setFaults({});
    await client.close();
  }
}

/** Runs a scenario with `faults` in force; answers the failures its retrying calls met. */
export async function scenarioUnder(
  setFaults: (faults: FaultConfig) => void,
  info: LabVendorInfo,
  faults: FaultConfig,
  scenario: (client: LabClient, seen: string[]) => Promise<void>,
): Promise<string[]> {
  const seen: string[] = [];
  await withFaults(setFaults, info, faults, (client) => scenario(client, seen));
  return seen;
}

/**
 * Retries what a fault broke (a reset, a body cut short, a 5xx) as the app's connector will, recording each failure
 * in `seen`. A reset and a truncated body both end the connection early: undici reports "other side closed".
 */
export async function retrying(
  call: () => Promise<LabAnswer>,
  seen: string[],
  attempts = 16,
): Promise<LabAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await call();
      if (answer.status < 500) return answer;
      seen.push(`status ${answer.status}`);
    } catch (error) {
      seen.push(`connection: ${(error as Error).message}`);
    }
    if (attempt >= attempts) throw new Error(`still failing: ${seen.slice(-3).join('; ')}`);
  }
}

/** The failures a faulty run met were injected ones (503s, dropped connections), and there were some. */
export function expectRetriedFaults(seen: readonly string[]): void {
  expect(seen.length).toBeGreaterThan(0);
  for (const failure of seen) expect(failure).toMatch(/^(status 503|connection: .*closed)/);
}
