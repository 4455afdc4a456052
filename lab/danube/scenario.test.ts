import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import { PLAIN_USER } from './data';
import { detail, envelope, openSession, type Session } from './test-support';

type Call = (method: string, path: string, body?: unknown) => Promise<LabAnswer>;

interface Trace {
  statuses: string[];
  retries: Record<'injected' | 'network' | 'reauth', number>;
}

/**
 * Sign in, list, stop a running VM and follow the task, start it again and follow that, sign out. `call` is how
 * the client talks to the lab (plainly, or retrying like a careful client); `pause` runs between the two actions.
 */
async function scenario(
  s: Session,
  call: Call,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<string[]> {
  const seen: string[] = [];
  const vms = envelope(await call('GET', '/api/vm/?full=true')).result as Record<string, unknown>[];
  // The showcase's running VM: some guests ignore ACPI and would hold a graceful stop for 180 s (3.6 s here).
  const vm = vms.find((v) => v.hostname === s.vms.running);
  expect(vm).toMatchObject({ status: 'running', node_status: 'online', changed: false });
  if (!vm) throw new Error('no running VM to act on');
  const statusOf = async (): Promise<string> =>
    (envelope(await call('GET', `/api/vm/${String(vm.hostname)}/status/`)).result as { status: string })
      .status;
  const act = async (action: string): Promise<void> => {
    const queued = await call('PUT', `/api/vm/${String(vm.hostname)}/status/${action}/`);
    expect(queued.status, queued.text).toBe(201);
    seen.push(await statusOf());
    for (;;) {
      const poll = await call('GET', `/api/task/${envelope(queued).task_id}/status/`);
      if (poll.status !== 201) {
        expect(poll.status).toBe(200);
        break;
      }
      await sleep(10);
    }
    seen.push(await statusOf());
  };
  await act('stop');
  await pause();
  await act('start');
  const bye = await call('GET', '/api/accounts/logout/');
  expect(bye.json).toEqual({ detail: 'Bye.' });
  const after = await call('GET', '/api/task/');
  expect(after.status).toBe(403);
  expect(detail(after)).toBe('Invalid token.');
  return seen;
}

describe('Danube scenario', () => {
  it('signs in, lists, stops and starts a VM following its tasks, and signs out', async () => {
    const s = await openSession();
    try {
      const token = await s.login(PLAIN_USER.username, PLAIN_USER.password);
      const call: Call = (method, path, body) => s.call(method, path, { as: token, body });
      // A start leaves the DB status alone until the node reports the VM running.
      expect(await scenario(s, call)).toEqual(['stopping', 'stopped', 'stopped', 'running']);
      const afterLogout = await s.call('GET', '/api/vm/', { as: token });
      expect(afterLogout.status).toBe(403);
      expect(detail(afterLogout)).toBe('Invalid token.');
    } finally {
      await s.close();
    }
  });

  it('with faults on: Danube-shaped errors, resets, cut bodies and an expiring token; nothing hangs', async () => {
    const s = await openSession({ faults: { latencyMs: 2 } });
    try {
      const trace: Trace = { statuses: [], retries: { injected: 0, network: 0, reauth: 0 } };
      let token = await s.login(PLAIN_USER.username, PLAIN_USER.password);
      // Each fault on its own first: Danube's error shape for injected errors, failures (not hangs) for the rest.
      const probe = (faults: object) => {
        s.lab.setFaults('danube', { ...faults, pathPattern: '^/api/task/$' });
        return s.call('GET', '/api/task/', { as: token });
      };
      const injected = await probe({ errorRate: 1, errorStatus: 503 });
      expect(injected.status).toBe(503);
      expect(injected.json).toEqual({ detail: 'Injected fault: the service answered 503' });
      await expect(probe({ resetRate: 1 })).rejects.toThrow();
      await expect(probe({ truncateRate: 1 })).rejects.toThrow();
      expect((await probe({ latencyMs: 30 })).status).toBe(200);
      // Then all together: reads and polls are hit; actions and the login are not, so no retry repeats an action.
      s.lab.setFaults('danube', {
        latencyMs: 2,
        errorRate: 0.25,
        errorStatus: 503,
        resetRate: 0.1,
        truncateRate: 0.1,
        tokenLifetimeSec: 1,
        pathPattern: '^/api/(vm/$|vm/[^/]+/status/$|task/)',
      });
      token = await s.login(PLAIN_USER.username, PLAIN_USER.password);
      const call: Call = async (method, path, body) => {
        for (let attempt = 0; attempt < 40; attempt++) {
          let answer: LabAnswer;
          try {
            answer = await s.call(method, path, { as: token, body });
          } catch {
            trace.retries.network++;
            continue;
          }
          if (answer.status === 503) {
            expect(answer.json).toEqual({ detail: 'Injected fault: the service answered 503' });
            trace.retries.injected++;
            continue;
          }
          if (answer.status === 403 && detail(answer) === 'Authentication credentials were not provided.') {
            trace.retries.reauth++;
            token = await s.login(PLAIN_USER.username, PLAIN_USER.password);
            continue;
          }
          return answer;
        }
        throw new Error(`${method} ${path} kept failing`);
      };
      // Between the two actions the token outlives its one second.
      trace.statuses = await scenario(s, call, () => sleep(1100));
      expect(trace.statuses).toEqual(['stopping', 'stopped', 'stopped', 'running']);
      // The expired token was refused with Danube's answer, and the client signed in again.
      expect(trace.retries.reauth).toBeGreaterThan(0);
      const reasons = new Set(s.lab.refusals().map((r) => r.reason));
      expect(reasons).toContain('fault injection');
      expect(reasons).toContain('fault injection: connection reset');
    } finally {
      await s.close();
    }
  });
});
