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
