import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, DISABLED_USER, NO_API_USER, PLAIN_USER } from './data';
import { detail, fixture, openSession, shapeProblems, type Session } from './test-support';

describe('Danube authentication', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(() => s.close());

  it('logs in with JSON: token, expiry one hour on, and the es_* headers', async () => {
    const answer = await s.call('POST', '/api/accounts/login/', { body: ADMIN });
    const example = fixture('es_login');
    expect(answer.status).toBe(example.status);
    expect(shapeProblems(example.text, answer.json, { $: ['expires'] })).toEqual([]);
    const { token, expires, detail: welcome } = answer.json as Record<string, string>;
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(welcome).toBe('Welcome to Danube Cloud API.');
    expect(expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(Date.parse(expires ?? '') - Date.now()).toBeGreaterThan(3590_000);
    expect(Date.parse(expires ?? '') - Date.now()).toBeLessThan(3610_000);
    expect(answer.headers).toMatchObject({ es_version: '4.6', es_username: 'admin', es_dc: 'main' });
  });

  it('refuses bad logins with 400 and the documented detail', async () => {
    const login = (body: unknown) => s.call('POST', '/api/accounts/login/', { body });
    const cases: [unknown, unknown][] = [
      [{ ...ADMIN, password: 'nope' }, 'Unable to log in with provided credentials.'],
      [NO_API_USER, 'User account is not allowed to access API.'],
      [DISABLED_USER, 'User account is disabled.'],
      [{ username: 'admin' }, { password: ['This field is required.'] }],
      [{}, { username: ['This field is required.'], password: ['This field is required.'] }],
    ];
    for (const [body, expected] of cases) {
      const answer = await login(body);
      expect(answer.status).toBe(400);
      expect(detail(answer)).toEqual(expected);
    }
  });

  it('takes JSON only (415 for a form body) and POST only (405)', async () => {
    const form = await s.client.call('POST', '/api/accounts/login/', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: 'username=admin&password=danube-admin',
    });
    expect(form.status).toBe(415);
    expect(detail(form)).toBe('Unsupported media type "application/x-www-form-urlencoded" in request.');
    const get = await s.call('GET', '/api/accounts/login/');
    expect(get.status).toBe(405);
    expect(detail(get)).toBe('Method "GET" not allowed.');
  });

  it('answers 403, never 401, to missing or bad credentials', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'Authentication credentials were not provided.'],
      [{ authorization: 'Bearer abc' }, 'Authentication credentials were not provided.'],
      [{ authorization: 'Token' }, 'Invalid token header. No credentials provided.'],
      [{ authorization: 'Token a b' }, 'Invalid token header. Token string should not contain spaces.'],
      [{ authorization: `Token ${'0'.repeat(40)}` }, 'Invalid token.'],
      [{ 'es-api-key': 'not-a-key' }, 'Invalid API key'],
    ];
    for (const [headers, expected] of cases) {
      const answer = await s.call('GET', '/api/vm/', { as: headers });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(detail(answer)).toBe(expected);
    }
  });

  it('accepts an API key in ES-API-KEY, and tries it before the token', async () => {
    const answer = await s.call('GET', '/api/vm/', { as: { 'es-api-key': s.userKey } });
    expect(answer.status).toBe(200);
    expect(answer.headers.es_username).toBe(PLAIN_USER.username);
    const token = await s.login(ADMIN.username, ADMIN.password);
    const both = await s.call('GET', '/api/vm/', { as: { ...token, 'es-api-key': 'wrong' } });
    expect(both.status).toBe(403);
    expect(detail(both)).toBe('Invalid API key');
  });

  it('keeps one token per user, and logout deletes it', async () => {
    const first = await s.login(PLAIN_USER.username, PLAIN_USER.password);
    const second = await s.login(PLAIN_USER.username, PLAIN_USER.password);
    expect(detail(await s.call('GET', '/api/vm/', { as: first }))).toBe('Invalid token.');
    expect((await s.call('GET', '/api/vm/', { as: second })).status).toBe(200);
    const bye = await s.call('GET', '/api/accounts/logout/', { as: second });
    const example = fixture('es_logout');
    expect(bye.status).toBe(example.status);
    expect(bye.json).toEqual(example.text);
    const after = await s.call('GET', '/api/vm/', { as: second });
    expect(after.status).toBe(403);
    expect(detail(after)).toBe('Invalid token.');
    expect((await s.call('GET', '/api/accounts/logout/', { as: second })).status).toBe(403);
  });

  it('authenticates even the login: a stale token header refuses it', async () => {
    const answer = await s.call('POST', '/api/accounts/login/', {
      as: { authorization: `Token ${'f'.repeat(40)}` },
      body: ADMIN,
    });
    expect(answer.status).toBe(403);
    expect(detail(answer)).toBe('Invalid token.');
  });
});

describe('Danube token expiry', () => {
  it('ends a token after its lifetime, not extended by use (403 afterwards)', async () => {
    const s = await openSession({ faults: { tokenLifetimeSec: 1 } });
    try {
      const token = await s.login(ADMIN.username, ADMIN.password);
      const started = Date.now();
      while (Date.now() - started < 700) {
        expect((await s.call('GET', '/api/task/', { as: token })).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() - started)));
      const expired = await s.call('GET', '/api/task/', { as: token });
      expect(expired.status).toBe(403);
      // ExpireTokenAuthentication ignores the old token: the request is simply unauthenticated.
      expect(detail(expired)).toBe('Authentication credentials were not provided.');
      // The API key has no lifetime.
      expect((await s.call('GET', '/api/task/', { as: { 'es-api-key': s.adminKey } })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
