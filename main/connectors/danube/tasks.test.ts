import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HttpResponse } from '../../net/http-client';
import type { DanubeApi } from './api';
import { settle } from './tasks';
import { openDanubeLab, type DanubeLab } from './test-lab';

let lab: DanubeLab;

beforeAll(async () => {
  lab = await openDanubeLab({ vms: 40, timeScale: 0.01 });
});
afterAll(() => lab.close());

/** The connector's view of the lab, over the lab's real HTTPS (the admin's API key). */
function labApi(): DanubeApi {
  const asResponse = async (method: string, path: string, body?: unknown): Promise<HttpResponse> => {
    const answer = await lab.raw(method, `/${path}`, body);
    return { status: answer.status, headers: {}, text: answer.text, body: answer.json };
  };
  return { get: (path) => asResponse('GET', path), put: (path, body) => asResponse('PUT', path, body) };
}

describe('following a Danube task', () => {
  it('gives up on a task Danube keeps calling PENDING, with a sentence that says why', async () => {
    // Well formed, never queued: Danube (and the lab) answer 201 PENDING for it indefinitely.
    const taskId = '1e1d1-00000000-0000-4000-8000';
    const queued: HttpResponse = {
      status: 201,
      headers: {},
      text: '',
      body: { status: 'PENDING', result: null, task_id: taskId },
    };
    const started = performance.now();
    const outcome = await settle(
      labApi(),
      queued,
      { phrase: 'stop web-01', vm: 'web-01' },
      () => undefined,
      new AbortController().signal,
      { deadlineMs: 1500 },
    ).catch((error: unknown) => error);
    expect(outcome).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(
        /^Danube Cloud still reports the task to stop web-01 as pending after 1 minute\. .*task log/,
      ) as string,
      details: { taskId },
    });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
