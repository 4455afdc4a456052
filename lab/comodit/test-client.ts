import type { LabAnswer, LabClient } from '../core/testing';
import { pollUntil } from './test-support';

export const basic = (user: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
export const ADMIN = basic('admin', 'comodit-demo');
export const AUDITOR = basic('auditor', 'comodit-audit');

const enc = encodeURIComponent;

export interface HostRef {
  org: string;
  env: string;
  name: string;
}

export const hostPath = (h: HostRef): string =>
  `/api/organizations/${enc(h.org)}/environments/${enc(h.env)}/hosts/${enc(h.name)}`;
export const instancePath = (h: HostRef, suffix = ''): string => `${hostPath(h)}/instance${suffix}`;

interface HostItem {
  name: string;
  environment: string;
}

/** Every visible host with its instance state ('none' without an instance), to pick test subjects from. */
export async function surveyHosts(client: LabClient, org: string): Promise<Map<string, HostRef[]>> {
  const list = await client.call('GET', `/api/organizations/${enc(org)}/hosts/`, { headers: ADMIN });
  const byState = new Map<string, HostRef[]>();
  for (const item of (list.json as { items: HostItem[] }).items) {
    const ref = { org, env: item.environment, name: item.name };
    const instance = await client.call('GET', instancePath(ref), { headers: ADMIN });
    const state = instance.status === 404 ? 'none' : (instance.json as { state: string }).state;
    byState.set(state, [...(byState.get(state) ?? []), ref]);
  }
  return byState;
}

/** Takes one host in `state` out of the survey, so that no two tests act on the same machine. */
export function take(survey: Map<string, HostRef[]>, state: string): HostRef {
  const ref = survey.get(state)?.shift();
  if (!ref) throw new Error(`no host left with an instance in state ${state}`);
  return ref;
}

export async function instanceState(client: LabClient, host: HostRef): Promise<LabAnswer> {
  return client.call('GET', instancePath(host), { headers: ADMIN });
}

export type Getter = (path: string) => Promise<LabAnswer>;

/** Polls GET .../instance until its state is `state` (what comodit-client's wait_for_state does). */
export function waitForState(
  get: Getter,
  host: HostRef,
  state: string,
  timeoutMs = 5000,
): Promise<LabAnswer> {
  return pollUntil(async () => {
    const answer = await get(instancePath(host));
    return (answer.json as { state?: string } | undefined)?.state === state ? answer : undefined;
  }, timeoutMs);
}
