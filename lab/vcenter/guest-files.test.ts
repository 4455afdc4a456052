import { describe, expect, it } from 'vitest';

import { expectError } from './vcenter-asserts';
import { useVcenterLab } from './test-support';

describe('guest files and captured output', () => {
  const s = useVcenterLab({ vms: 100 });
  const post = (path: string, body: unknown) => s.client.call('POST', path, { headers: s.admin, body });
  const base = (vm: string) => `/api/vcenter/vm/${vm}/guest`;
  const credentials = () => s.client.guestCredentials();

  /** Fetches a guest file through a transfer URL, as a client does (the URL's path on the lab's host). */
  async function fetchOut(vm: string, path: string): Promise<string> {
    const transfer = await post(`${base(vm)}/filesystem?action=create`, {
      credentials: credentials(),
      spec: { path },
    });
    expect(transfer.status, transfer.text).toBe(201);
    const url = new URL(transfer.json as string);
    expect(url.protocol).toBe('https:');
    const bytes = await s.client.call('GET', `${url.pathname}${url.search}`);
    expect(bytes.status).toBe(200);
    // A transfer URL is good for one transfer.
    expect((await s.client.call('GET', `${url.pathname}${url.search}`)).status).toBe(404);
    return bytes.text;
  }

  it('runs `systemctl is-active nginx` with its output redirected to temporary files, then fetches and deletes them', async () => {
    const vm = s.client.sample('linuxDemo');
    const temp = async (suffix: string): Promise<string> => {
      const answer = await post(`${base(vm)}/filesystem/files?action=createTemporary`, {
        credentials: credentials(),
        prefix: 'vantage-',
        suffix,
      });
      expect(answer.status, answer.text).toBe(200);
      return answer.json as string;
    };
    const out = await temp('.out');
    const err = await temp('.err');
    expect(out).toMatch(/^\/tmp\/vantage-[0-9a-f]+\.out$/);
    const created = await post(`${base(vm)}/processes?action=create`, {
      credentials: credentials(),
      spec: { path: '/bin/sh', arguments: `-c 'systemctl is-active nginx' 1>'${out}' 2>'${err}'` },
    });
    expect(created.status, created.text).toBe(201);
    const pid = created.json as number;
    let info: Record<string, unknown> = {};
    for (let i = 0; i < 200 && !('exit_code' in info); i++) {
      info = (await post(`${base(vm)}/processes/${pid}?action=get`, { credentials: credentials() }))
        .json as Record<string, unknown>;
      if (!('exit_code' in info)) await new Promise((r) => setTimeout(r, 20));
    }
    expect(info.exit_code).toBe(0);
    expect(await fetchOut(vm, out)).toBe('active\n');
    expect(await fetchOut(vm, err)).toBe('');
    const remove = (path: string) =>
      post(`${base(vm)}/filesystem/files/${encodeURIComponent(path)}?action=delete`, {
        credentials: credentials(),
      });
    expect((await remove(out)).status).toBe(204);
    expectError(await remove(out), 'api', 404, 'NOT_FOUND');
  });

  it('refuses file operations without Tools (503) and with wrong guest credentials (401)', async () => {
    const body = { credentials: credentials(), prefix: 'x', suffix: '.out' };
    expectError(
      await post(`${base(s.client.sample('noTools'))}/filesystem/files?action=createTemporary`, body),
      'api',
      503,
      'SERVICE_UNAVAILABLE',
    );
    expectError(
      await post(`${base(s.client.sample('linuxDemo'))}/filesystem/files?action=createTemporary`, {
        ...body,
        credentials: { ...credentials(), password: 'wrong' },
      }),
      'api',
      401,
      'UNAUTHENTICATED',
    );
  });
});
