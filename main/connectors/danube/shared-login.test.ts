import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SignedIn } from '../auth';
import { sharedLogin } from './shared-login';
import { listAll, openDanubeLab, type DanubeLab } from './test-lab';

let t: DanubeLab;
let signIns = 0;
const countSignIns = (message: unknown): void => {
  const { request } = message as { request: { method: string; path: string } };
  if (request.method === 'POST' && request.path.endsWith('/accounts/login/')) signIns++;
};

beforeAll(async () => {
  subscribe('undici:request:create', countSignIns);
  t = await openDanubeLab({ vms: 100, timeScale: 0.02 });
});
afterAll(async () => {
  unsubscribe('undici:request:create', countSignIns);
  await t.close();
});

const logins = (): number => signIns;

describe('Danube sign-in shared by profiles of one user', () => {
  it('lets two profiles of the same user (one per datacenter) work side by side', async () => {
    const main = await t.connector('admin');
    const other = await t.connector('admin', 'admin');
    const before = logins();
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([listAll(main), listAll(other)]);
      expect(a.machines.length).toBeGreaterThan(0);
      expect(b.machines.map((m) => m.vendorId).sort()).toEqual(['mgmt01.local', 'zabbix01.local']);
    }
    // Danube keeps one token per user: each login would delete the other profile's token.
    expect(logins() - before).toBe(1);
  });

  it('keeps the token while another profile of the user still uses it', async () => {
    const first = await t.connector('admin');
    const second = await t.connector('admin', 'admin');
    await listAll(first);
    await listAll(second);
    await first.close?.();
    const before = logins();
    expect((await listAll(second)).machines.length).toBe(2);
    expect(logins()).toBe(before);
  });
});

describe('the shared Danube sign-in', () => {
  let n = 0;
  const fakeLogin = (expiresIn = 3_600_000) => {
    const calls: string[] = [];
    const login = (): Promise<SignedIn> => {
      const token = `t${++n}`;
      calls.push(token);
      return Promise.resolve({ headers: { authorization: `Token ${token}` }, expiresAt: clock + expiresIn });
    };
    return { calls, login };
  };
  let clock = 1_000_000;
  const now = (): number => clock;
  const url = (): string => `https://danube-${++n}.example`;
  /** Two profiles of the user `admin` on a Danube of their own, and a sign-in that counts its calls. */
  const twoProfiles = (expiresIn?: number) => {
    const where = url();
    return {
      a: sharedLogin(where, 'admin', now),
      b: sharedLogin(where, 'admin', now),
      ...fakeLogin(expiresIn),
    };
  };

  it('signs in once for every profile of the user, concurrent calls included', async () => {
    const { a, b, calls, login } = twoProfiles();
    const [first, second] = await Promise.all([a.signIn('pw', login), b.signIn('pw', login)]);
    expect(calls).toHaveLength(1);
    expect(second).toBe(first);
    expect(await b.signIn('pw', login)).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('signs in again only when the token a profile used is still the current one', async () => {
    const { a, b, calls, login } = twoProfiles();
    const old = await a.signIn('pw', login);
    // a's token was refused: a new one.
    const renewed = await a.signIn('pw', login, old);
    expect(renewed).not.toBe(old);
    // b's call with the old token fails too: it takes the one a already got.
    expect(await b.signIn('pw', login, old)).toBe(renewed);
    expect(calls).toHaveLength(2);
  });

  it('does not hand out a token near its end', async () => {
    const { a, b, calls, login } = twoProfiles(1000);
    const first = await a.signIn('pw', login);
    clock += 700;
    expect(await b.signIn('pw', login)).toBe(first);
    clock += 200;
    expect(await b.signIn('pw', login)).not.toBe(first);
    expect(calls).toHaveLength(2);
  });

  it('does not hand a token to a profile with another password', async () => {
    const { a, b, calls, login } = twoProfiles();
    const first = await a.signIn('pw', login);
    expect(await b.signIn('other password', login)).not.toBe(first);
    expect(calls).toHaveLength(2);
  });

  it('tries again after a failed sign-in', async () => {
    const a = sharedLogin(url(), 'admin', now);
    const refused = (): Promise<SignedIn> => Promise.reject(new Error('refused'));
    await expect(a.signIn('pw', refused)).rejects.toThrow('refused');
    const { calls, login } = fakeLogin();
    await a.signIn('pw', login);
    expect(calls).toHaveLength(1);
  });

  it('tells the last profile to let go that it may sign out', () => {
    const where = url();
    const a = sharedLogin(where, 'admin', now);
    const b = sharedLogin(where, 'admin', now);
    const other = sharedLogin(where, 'auditor', now);
    expect(a.release()).toBe(false);
    expect(a.release()).toBe(false);
    expect(b.release()).toBe(true);
    expect(other.release()).toBe(true);
  });
});
