import { expect } from 'vitest';

import type { LabAnswer } from '../core/testing';
import type { FlavourId } from './flavour';
import { fixture, shapeDifferences, type Headers, type VcenterTestClient } from './test-support';

/** Assertions shared by the vCenter test files. */

/** Real wire bodies: a 7.0.3 `/rest` not-found and an `/api` refusal recorded by ansible. */
const REST_ERROR = fixture('rest_error_not_found_vc7.0.3.json');
const API_ERROR = fixture('api_error_already_in_desired_state_power_stop.json');

/** Status, kind and envelope of a refusal, in the flavour's own shape. */
export function expectError(answer: LabAnswer, flavour: FlavourId, status: number, kind: string): void {
  expect(answer.status, answer.text).toBe(status);
  if (flavour === 'api') {
    expect(answer.json).toMatchObject({ error_type: kind });
    expect(shapeDifferences(answer.json, API_ERROR, { extra: ['data', 'challenge'] })).toEqual([]);
  } else {
    expect(answer.json).toMatchObject({
      type: `com.vmware.vapi.std.errors.${kind.toLowerCase()}`,
      value: { error_type: kind },
    });
    expect(shapeDifferences(answer.json, REST_ERROR, { extra: ['data'] })).toEqual([]);
  }
}

/** The first message id of a refusal, whatever the flavour. */
export function messageId(answer: LabAnswer): string | undefined {
  const body = answer.json as { messages?: { id: string }[]; value?: { messages?: { id: string }[] } };
  return (body.messages ?? body.value?.messages)?.[0]?.id;
}

/** The result of a successful call: `value` in /rest, the raw body in /api. */
export function valueOf(answer: LabAnswer, flavour: FlavourId): unknown {
  return flavour === 'rest' ? (answer.json as { value?: unknown } | undefined)?.value : answer.json;
}

export const powerPath = (flavour: FlavourId, vm: string, op: string): string =>
  flavour === 'api' ? `/api/vcenter/vm/${vm}/power?action=${op}` : `/rest/vcenter/vm/${vm}/power/${op}`;

export async function powerState(client: VcenterTestClient, headers: Headers, vm: string): Promise<string> {
  const answer = await client.call('GET', `/api/vcenter/vm/${vm}/power`, { headers });
  return (answer.json as { state?: string }).state ?? `error ${answer.status}`;
}

/** Drives a machine to a power state with synchronous power calls. */
export async function bringTo(
  client: VcenterTestClient,
  headers: Headers,
  vm: string,
  wanted: string,
): Promise<void> {
  const steps: Record<string, string[]> = {
    POWERED_ON: ['start'],
    POWERED_OFF: ['stop'],
    SUSPENDED: ['start', 'suspend'],
  };
  for (const op of steps[wanted] ?? []) {
    const answer = await client.call('POST', powerPath('api', vm, op), { headers });
    if (
      answer.status !== 204 &&
      (answer.json as { error_type?: string }).error_type !== 'ALREADY_IN_DESIRED_STATE'
    )
      throw new Error(`${op} ${vm}: ${answer.status} ${answer.text}`);
  }
  expect(await powerState(client, headers, vm)).toBe(wanted);
}

/** Ordinary machines (no special kind, VMware Tools current), handed out in turn so that one test gets distinct ones. */
export async function ordinaryMachines(
  client: VcenterTestClient,
  headers: Headers,
  samples: readonly string[],
): Promise<() => string> {
  const all = (await client.call('GET', '/api/vcenter/vm', { headers })).json as { vm: string }[];
  const queue: string[] = [];
  for (const { vm } of all) {
    if (samples.includes(vm)) continue;
    const tools = (await client.call('GET', `/api/vcenter/vm/${vm}/tools`, { headers })).json as {
      version_status?: string;
    };
    if (tools.version_status === 'CURRENT') queue.push(vm);
  }
  if (queue.length < 4) throw new Error('the lab has too few ordinary machines');
  // Round robin: tests bring a machine to the state they need, so reuse is safe once the queue has gone round.
  let next = 0;
  return () => queue[next++ % queue.length] as string;
}

/** Typed asymmetric matchers (expect.any returns `any`, which the lint rules refuse in object literals). */
export const anyString: unknown = expect.any(String);
export const anyNumber: unknown = expect.any(Number);
export const anyObject: unknown = expect.any(Object);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
