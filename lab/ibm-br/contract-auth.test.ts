import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { APIKEY_GRANT, body, openSession, tokenRequest, type Session } from './test-support';

let s: Session;
beforeAll(async () => {
  s = await openSession({ vms: 200 });
});
afterAll(() => s.close());

const decodeJwt = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('IAM token endpoint', () => {
  it('exchanges the API key for a bearer JWT that expires in an hour', async () => {
    const answer = await tokenRequest(s.client, {
      grant_type: APIKEY_GRANT,
      apikey: s.info.credentials.apiKey ?? '',
    });
    expect(answer.status).toBe(200);
    const token = body<{
      access_token: string;
      refresh_token: string;
      token_type: string;
      expires_in: number;
      expiration: number;
    }>(answer);
    expect(Object.keys(token).sort()).toEqual([
      'access_token',
      'expiration',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBe(3600);
    expect(Math.abs(token.expiration - Date.now() / 1000 - 3600)).toBeLessThan(5);
    // go-sdk-core schedules its refresh from the JWT's own exp/iat: they must agree with `expiration`.
    const claims = decodeJwt(token.access_token);
    expect(claims.exp).toBe(token.expiration);
    expect(claims.iat).toBeTypeOf('number');
  });

  it('refreshes with the refresh token', async () => {
    const first = await tokenRequest(s.client, {
      grant_type: APIKEY_GRANT,
      apikey: s.info.credentials.apiKey ?? '',
    });
    const refresh = body<{ refresh_token: string }>(first).refresh_token;
    const answer = await tokenRequest(s.client, { grant_type: 'refresh_token', refresh_token: refresh });
    expect(answer.status).toBe(200);
    const bad = await tokenRequest(s.client, { grant_type: 'refresh_token', refresh_token: 'nope' });
    expect(bad.status).toBe(400);
    expect(body(bad).errorCode).toBe('BXNIM0407E');
  });

  it('answers IAM errors for a wrong key, a missing key and an unknown grant', async () => {
    const wrong = await tokenRequest(s.client, { grant_type: APIKEY_GRANT, apikey: 'not-the-key' });
    expect(wrong.status).toBe(400);
    expect(body(wrong)).toMatchObject({
      errorCode: 'BXNIM0415E',
      errorMessage: 'Provided API key could not be found.',
    });
    expect(body(wrong).context).toBeTypeOf('object');
    const missing = await tokenRequest(s.client, { grant_type: APIKEY_GRANT });
    expect(body(missing).errorCode).toBe('BXNIM0109E');
    const grant = await tokenRequest(s.client, { grant_type: 'password', apikey: 'x' });
    expect(grant.status).toBe(400);
    expect(body(grant).errorCode).toBe('BXNIM0103E');
  });
});

describe('bearer token and tenant header on every /v2 call', () => {
  const path = '/v2/data-protect/policies';

  it('401 KStatusUnauthorized without a token or with an unknown one', async () => {
    const none = await s.client.call('GET', path, {
      headers: { 'x-ibm-tenant-id': s.headers['x-ibm-tenant-id'] ?? '' },
    });
    expect(none.status).toBe(401);
    expect(body(none)).toEqual({ errorCode: 'KStatusUnauthorized', message: expect.any(String) as string });
    const forged = `Bearer ${Buffer.from('{}').toString('base64url')}.${Buffer.from('{"jti":"x"}').toString('base64url')}.sig`;
    const unknown = await s.client.call('GET', path, { headers: { ...s.headers, authorization: forged } });
    expect(unknown.status).toBe(401);
    expect(body(unknown).errorCode).toBe('KStatusUnauthorized');
  });

  it('400 KValidationError without the tenant header or without its trailing slash', async () => {
    const { 'x-ibm-tenant-id': tenant = '', ...rest } = s.headers;
    const missing = await s.client.call('GET', path, { headers: rest });
    expect(missing.status).toBe(400);
    expect(body(missing).errorCode).toBe('KValidationError');
    const noSlash = await s.client.call('GET', path, {
      headers: { ...rest, 'X-IBM-Tenant-ID': tenant.slice(0, -1) },
    });
    expect(noSlash.status).toBe(400);
    expect(body(noSlash).message).toMatch(/followed by "\/"/);
  });

  it('403 KAccessDenied for another tenant', async () => {
    const other = await s.client.call('GET', path, {
      headers: { ...s.headers, 'x-ibm-tenant-id': 'someoneelse/' },
    });
    expect(other.status).toBe(403);
    expect(body(other).errorCode).toBe('KAccessDenied');
  });

  it('accepts the header in the docs spelling (X-IBM-Tenant-ID)', async () => {
    const { 'x-ibm-tenant-id': tenant = '', ...rest } = s.headers;
    const answer = await s.client.call('GET', path, { headers: { ...rest, 'X-IBM-Tenant-ID': tenant } });
    expect(answer.status).toBe(200);
  });

  it('logs every refusal with its reason', () => {
    const reasons = s.lab.refusals().map((entry) => entry.reason);
    expect(reasons).toContain('missing X-IBM-Tenant-Id');
    expect(reasons.some((reason) => reason.startsWith('unknown tenant'))).toBe(true);
  });
});

describe('errors in the vendor shape', () => {
  it('404 KEntityNotExistsError for unknown paths and ids', async () => {
    const path = await s.call('GET', '/data-protect/nothing-here');
    expect(path.status).toBe(404);
    expect(body(path).errorCode).toBe('KEntityNotExistsError');
    const id = await s.call('GET', '/data-protect/policies/1:2:3');
    expect(id.status).toBe(404);
    expect(body(id)).toEqual({
      errorCode: 'KEntityNotExistsError',
      message: 'Protection policy 1:2:3 not found.',
    });
  });

  it('400 KValidationError for malformed JSON and non-object bodies', async () => {
    const broken = await s.client.call('POST', '/v2/data-protect/policies', {
      headers: { ...s.headers, 'content-type': 'application/json' },
      rawBody: '{"name": "x",}',
    });
    expect(broken.status).toBe(400);
    expect(body(broken).errorCode).toBe('KValidationError');
    const array = await s.call('POST', '/data-protect/policies', [1, 2]);
    expect(array.status).toBe(400);
    expect(body(array).errorCode).toBe('KValidationError');
  });

  it('400 for malformed query values', async () => {
    const answer = await s.call('GET', '/data-protect/policies?includeStats=yes');
    expect(answer.status).toBe(400);
    expect(body(answer).message).toMatch(/includeStats/);
  });
});
