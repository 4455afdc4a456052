import { describe, expect, it } from 'vitest';

import type { HttpResponse } from '../../net/http-client';
import { refusal } from './refusals';

const answer = (status: number, detail: string): HttpResponse => ({
  status,
  headers: {},
  text: '',
  body: { detail },
});

describe('Danube 403s', () => {
  it('tells a refused sign-in from a missing permission', () => {
    const attempt = { phrase: 'list the VMs' };
    expect(refusal(answer(403, 'Invalid token.'), attempt)).toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('one token per user') as string,
    });
    expect(refusal(answer(403, 'Invalid API key'), attempt)).toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.not.stringContaining('one token per user') as string,
    });
    expect(refusal(answer(403, 'You do not have permission to perform this action.'), attempt)).toMatchObject(
      {
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining('lacks the permission to list the VMs') as string,
      },
    );
  });
});

describe('Danube nodes that cannot act', () => {
  const attempt = { phrase: 'stop web-01', vm: 'web-01' };

  it('explains a node in maintenance (423) and a node whose worker does not answer (400 FAILURE)', () => {
    expect(refusal(answer(423, 'Node is not operational'), attempt)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^The compute node of web-01 is not operational/) as string,
    });
    const silent: HttpResponse = {
      status: 400,
      headers: {},
      text: '',
      body: {
        status: 'FAILURE',
        result: 'Task queue worker (node04.local) is not responding!',
        task_id: 'x',
      },
    };
    expect(refusal(silent, attempt)).toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringMatching(/^The compute node node04\.local of web-01 does not answer/) as string,
    });
  });
});
