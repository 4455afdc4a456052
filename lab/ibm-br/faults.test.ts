import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import { APIKEY_GRANT, body, openSession, signIn, tokenRequest, until, type Session } from './test-support';

let s: Session;
beforeAll(async () => {
  s = await openSession({ vms: 200, faults: { tokenLifetimeSec: 1 } });
});
afterAll(() => s.close());

/** What a client does with 5xx answers: retry a few times, keeping the vendor-shaped errors it saw. */
async function withRetries(call: () => Promise<LabAnswer>, errors: unknown[]): Promise<LabAnswer> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const answer = await call();
    if (answer.status < 500) return answer;
    errors.push(answer.json);
  }
  throw new Error('no attempt succeeded');
}

describe('token expiry', () => {
  it('issues tokens with the fault lifetime and answers 401 once they expire', async () => {
    const token = await tokenRequest(s.client, {
      grant_type: APIKEY_GRANT,
      apikey: s.info.credentials.apiKey ?? '',
    });
    expect(body(token).expires_in).toBe(1);
    expect((await s.call('GET', '/data-protect/policies')).status).toBe(200);
    await sleep(1_100);
    const expired = await s.call('GET', '/data-protect/policies');
    expect(expired.status).toBe(401);
    expect(body(expired)).toEqual({
      errorCode: 'KStatusUnauthorized',
      message: 'The access token has expired.',
    });
    expect(s.lab.refusals().some((r) => r.reason === 'bearer token expired')).toBe(true);
    const fresh = await signIn(s.client, s.info);
    expect((await s.client.call('GET', '/v2/data-protect/policies', { headers: fresh })).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('answers injected errors in the vendor shape, only on matching paths', async () => {
    s.lab.setFaults('ibm-br', { errorRate: 1, errorStatus: 503, pathPattern: '/recoveries$' });
    const headers = await signIn(s.client, s.info);
    const failing = await s.client.call('GET', '/v2/data-protect/recoveries', { headers });
    expect(failing.status).toBe(503);
    expect(body(failing)).toEqual({
      errorCode: 'KInternalError',
      message: 'Injected fault: the service answered 503',
    });
    expect((await s.client.call('GET', '/v2/data-protect/policies', { headers })).status).toBe(200);
  });

  it('resets connections and truncates bodies without hanging', async () => {
    s.lab.setFaults('ibm-br', { resetRate: 1, pathPattern: 'registrations' });
    const headers = await signIn(s.client, s.info);
    await expect(
      s.client.call('GET', '/v2/data-protect/sources/registrations', { headers }),
    ).rejects.toThrow();
    s.lab.setFaults('ibm-br', { truncateRate: 1, pathPattern: 'registrations' });
    const cut = await s.client
      .call('GET', '/v2/data-protect/sources/registrations', { headers })
      .catch((error: unknown) => error);
    // Either the client notices the short body, or what it got does not parse.
    expect(cut instanceof Error || (cut as LabAnswer).json === undefined).toBe(true);
    s.lab.setFaults('ibm-br', { latencyMs: 30 });
    expect((await s.client.call('GET', '/v2/data-protect/sources/registrations', { headers })).status).toBe(
      200,
    );
  });

  it('still completes a backup run through intermittent 500s and expiring tokens', async () => {
    s.lab.setFaults('ibm-br', { errorRate: 0.3, errorStatus: 500, tokenLifetimeSec: 1 });
    const errors: unknown[] = [];
    let headers = await signIn(s.client, s.info);
    const call = async (method: string, path: string, payload?: unknown): Promise<LabAnswer> => {
      let answer = await withRetries(
        () => s.client.call(method, `/v2${path}`, { headers, ...(payload ? { body: payload } : {}) }),
        errors,
      );
      if (answer.status === 401) {
        headers = await until(() => signIn(s.client, s.info).catch(() => undefined));
        answer = await withRetries(
          () => s.client.call(method, `/v2${path}`, { headers, ...(payload ? { body: payload } : {}) }),
          errors,
        );
      }
      return answer;
    };
    const groups = body<{
      protectionGroups: { id: string; isPaused: boolean; lastRun: { localBackupInfo: { status: string } } }[];
    }>(await call('GET', '/data-protect/protection-groups?includeLastRunInfo=true')).protectionGroups;
    const group = groups.find((g) => !g.isPaused && g.lastRun.localBackupInfo.status === 'Succeeded');
    const runs = `/data-protect/protection-groups/${group?.id}/runs`;
    expect((await call('POST', runs, { runType: 'kRegular' })).status).toBe(202);
    const status = await until(
      async () => {
        const run = body<{ runs: { localBackupInfo: { status: string } }[] }>(
          await call('GET', `${runs}?numRuns=1`),
        ).runs[0];
        return run?.localBackupInfo.status === 'Succeeded' ? run.localBackupInfo.status : undefined;
      },
      10_000,
      100,
    );
    expect(status).toBe('Succeeded');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors)
      expect(error).toEqual({ errorCode: 'KInternalError', message: expect.any(String) as string });
    s.lab.setFaults('ibm-br', {});
  });
});
