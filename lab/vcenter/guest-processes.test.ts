import { beforeAll, describe, expect, it } from 'vitest';

import type { LabAnswer } from '../core/testing';
import type { FlavourId } from './flavour';
import {
  anyNumber,
  anyString,
  bringTo,
  expectError,
  messageId,
  ordinaryMachines,
  powerPath,
  valueOf,
} from './vcenter-asserts';
import {
  fixture,
  fromExample,
  pollUntil,
  shapeDifferences,
  specDifferences,
  useVcenterLab,
  type Headers,
  type SignedInLab,
} from './test-support';

const processes = (flavour: FlavourId, vm: string, pid?: number | string) =>
  `/${flavour}/vcenter/vm/${vm}/guest/processes${pid === undefined ? '' : `/${pid}`}`;

/** Helpers bound to one lab. */
function guest(s: Readonly<SignedInLab>) {
  const post = (path: string, body: unknown, headers: Headers = s.admin) =>
    s.client.call('POST', path, { headers, body });
  const credentials = (admin?: string) => s.client.guestCredentials(admin);
  return {
    post,
    create: (vm: string, spec: Record<string, unknown>, admin?: string, flavour: FlavourId = 'api') =>
      post(`${processes(flavour, vm)}?action=create`, { credentials: credentials(admin), spec }),
    get: (vm: string, pid: unknown, admin?: string, flavour: FlavourId = 'api') =>
      post(`${processes(flavour, vm, String(pid))}?action=get`, { credentials: credentials(admin) }),
    list: (vm: string, flavour: FlavourId = 'api') =>
      post(`${processes(flavour, vm)}?action=list`, { credentials: credentials() }),
    kill: (vm: string, pid: unknown, admin?: string, flavour: FlavourId = 'api') =>
      post(`${processes(flavour, vm, String(pid))}?action=delete`, { credentials: credentials(admin) }),
    /** Polls a created process until it has exited; returns its info. */
    async exited(vm: string, pid: unknown): Promise<Record<string, unknown>> {
      const answer = await pollUntil(
        () => post(`${processes('api', vm, String(pid))}?action=get`, { credentials: credentials() }),
        (a) => a.status !== 200 || 'exit_code' in (a.json as object),
      );
      expect(answer.status, answer.text).toBe(200);
      return answer.json as Record<string, unknown>;
    },
  };
}

describe('guest processes', () => {
  const s = useVcenterLab({ vms: 100 });
  let g: ReturnType<typeof guest>;
  let linux: string;
  let windows: string;

  beforeAll(() => {
    g = guest(s);
    linux = s.client.sample('linuxDemo');
    windows = s.client.sample('windowsDemo');
  });

  it('/api: create (201, the pid), then get follows it to its exit code', async () => {
    const body = fromExample('api_guest_processes_create_request_doc.json', {
      credentials: s.client.guestCredentials(),
      spec: {
        path: '/bin/systemctl',
        arguments: 'is-active nginx',
        working_directory: '/tmp',
        environment_variables: { PATH: '/usr/bin:/bin' },
        start_minimized: false,
      },
    });
    const created = await g.post(`${processes('api', linux)}?action=create`, body);
    expect(created.status, created.text).toBe(201);
    expect(
      specDifferences('vcenter', '/api/vcenter/vm/{vm}/guest/processes?action=create', 'POST', created),
    ).toEqual([]);
    const pid = created.json as number;
    const info = await g.exited(linux, pid);
    // The demo Linux machine is a web server: nginx is active.
    expect(info).toMatchObject({
      name: 'systemctl',
      owner: 'vantage',
      command: '"/bin/systemctl" is-active nginx',
      exit_code: 0,
    });
    expect(shapeDifferences(info, fixture('api_guest_processes_get_response_doc.json'))).toEqual([]);
    const answer = await g.get(linux, pid);
    expect(
      specDifferences('vcenter', '/api/vcenter/vm/{vm}/guest/processes/{pid}?action=get', 'POST', answer),
    ).toEqual([]);
    expect(Date.parse(String(info.finished))).toBeGreaterThanOrEqual(Date.parse(String(info.started)));
  });

  it('list shows the guest system processes and the created ones', async () => {
    const pid = (await g.create(linux, { path: '/bin/sleep', arguments: '600' })).json as number;
    const answer = await g.list(linux);
    expect(
      specDifferences('vcenter', '/api/vcenter/vm/{vm}/guest/processes?action=list', 'POST', answer),
    ).toEqual([]);
    const list = answer.json as { pid: number; name: string }[];
    expect(list.map((p) => p.name)).toEqual(
      expect.arrayContaining(['systemd', 'sshd', 'vmtoolsd', 'nginx', 'sleep']),
    );
    expect(list.find((p) => p.pid === pid)).toMatchObject({
      name: 'sleep',
      owner: 'vantage',
      command: '"/bin/sleep" 600',
    });
  });

  it('exit codes are deterministic: false 1, exit N, inactive units 3, Windows cmd /c exit N', async () => {
    const cases: [vm: string, spec: Record<string, unknown>, code: number][] = [
      [linux, { path: '/bin/false' }, 1],
      [linux, { path: '/usr/bin/true' }, 0],
      [linux, { path: '/bin/bash', arguments: '-c "test -d /srv; exit 7"' }, 7],
      [linux, { path: '/bin/systemctl', arguments: 'is-active redis' }, 3],
      [linux, { path: '/opt/scripts/health.sh' }, 0],
      [windows, { path: 'C:\\Windows\\System32\\cmd.exe', arguments: '/c exit 5' }, 5],
      [windows, { path: 'c:\\windows\\system32\\IPCONFIG.EXE', arguments: '/all', start_minimized: true }, 0],
    ];
    for (const [vm, spec, code] of cases) {
      const created = await g.create(vm, spec);
      expect(created.status, created.text).toBe(201);
      expect((await g.exited(vm, created.json)).exit_code, String(spec.path)).toBe(code);
    }
  });

  it('delete kills a running process (exit 143 in Linux); a dead pid is then 404', async () => {
    const pid = (await g.create(linux, { path: '/bin/sleep', arguments: '600' })).json as number;
    const running = await g.get(linux, pid);
    expect(running.json).toEqual({
      name: 'sleep',
      owner: 'vantage',
      command: '"/bin/sleep" 600',
      started: anyString,
    });
    const killed = await g.kill(linux, pid);
    expect([killed.status, killed.text]).toEqual([204, '']);
    expect((await g.get(linux, pid)).json).toMatchObject({ exit_code: 143, finished: anyString });
    const again = await g.kill(linux, pid);
    expectError(again, 'api', 404, 'NOT_FOUND');
    expect(again.json).toMatchObject({ data: { pid } });
  });

  it('/rest: the same operations, value-wrapped, with the map encoded as {key, value} entries', async () => {
    const spec = {
      path: '/bin/sleep',
      arguments: '600',
      working_directory: '/tmp',
      environment_variables: [{ key: 'LANG', value: 'C' }],
      start_minimized: false,
    };
    const body = fromExample('rest_guest_processes_create_request_doc_7.0U2.json', {
      credentials: s.client.guestCredentials(),
      spec,
    });
    const created = await g.post(`${processes('rest', linux)}?action=create`, body);
    expect(created.status, created.text).toBe(200);
    const pid = valueOf(created, 'rest');
    expect(pid).toEqual(anyNumber);
    const info = await g.get(linux, pid, undefined, 'rest');
    expect(info.status).toBe(200);
    expect(valueOf(info, 'rest')).toMatchObject({ name: 'sleep', command: '"/bin/sleep" 600' });
    const list = await g.list(linux, 'rest');
    expect((valueOf(list, 'rest') as { pid: number }[]).some((p) => p.pid === pid)).toBe(true);
    expect(await g.kill(linux, pid, undefined, 'rest')).toMatchObject({ status: 200, text: '' });
    // Each flavour insists on its own map encoding.
    const objectMap = { ...body, spec: { ...spec, environment_variables: { LANG: 'C' } } };
    expectError(
      await g.post(`${processes('rest', linux)}?action=create`, objectMap),
      'rest',
      400,
      'INVALID_ARGUMENT',
    );
    expectError(
      await g.post(`${processes('api', linux)}?action=create`, body),
      'api',
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('bad guest credentials are 401 UNAUTHENTICATED with their own message (not a session expiry)', async () => {
    const wrong = { ...s.client.guestCredentials(), password: 'nope' };
    const answer = await g.post(`${processes('api', linux)}?action=list`, { credentials: wrong });
    expectError(answer, 'api', 401, 'UNAUTHENTICATED');
    expect(messageId(answer)).toBe('com.vmware.api.vcenter.vm.guest.invalid_login');
    const saml = { interactive_session: false, type: 'SAML_BEARER_TOKEN', saml_token: '<saml/>' };
    expectError(
      await g.post(`${processes('rest', linux)}?action=list`, { credentials: saml }),
      'rest',
      401,
      'UNAUTHENTICATED',
    );
    // The vCenter session is still fine.
    expect((await s.client.call('GET', '/api/session', { headers: s.admin })).status).toBe(200);
  });

  it('every documented refusal of create', async () => {
    const refusals: [vm: string, spec: Record<string, unknown>, status: number, kind: string][] = [
      [linux, { path: 'bin/ls' }, 400, 'INVALID_ARGUMENT'],
      [linux, { path: '/bin/ls', start_minimized: true }, 400, 'INVALID_ARGUMENT'],
      [linux, { arguments: '-l' }, 400, 'INVALID_ARGUMENT'],
      [linux, { path: '/bin/no-such-tool' }, 404, 'NOT_FOUND'],
      [windows, { path: 'C:\\Windows\\System32\\nosuch.exe' }, 404, 'NOT_FOUND'],
      [linux, { path: '/tmp' }, 500, 'UNABLE_TO_ALLOCATE_RESOURCE'],
      [linux, { path: '/root/backup.sh' }, 403, 'UNAUTHORIZED'],
      [windows, { path: 'C:\\Users\\Administrator\\run.cmd' }, 403, 'UNAUTHORIZED'],
      [s.client.sample('locked'), { path: '/bin/ls' }, 400, 'NOT_ALLOWED_IN_CURRENT_STATE'],
      [s.client.sample('template'), { path: '/bin/ls' }, 400, 'NOT_ALLOWED_IN_CURRENT_STATE'],
      [s.client.sample('noTools'), { path: '/bin/ls' }, 503, 'SERVICE_UNAVAILABLE'],
      [s.client.sample('oldTools'), { path: '/bin/ls' }, 400, 'UNSUPPORTED'],
      ['vm-1', { path: '/bin/ls' }, 404, 'NOT_FOUND'],
    ];
    for (const [vm, spec, status, kind] of refusals)
      expectError(await g.create(vm, spec), 'api', status, kind);
    const missing = await g.create(linux, { path: '/bin/no-such-tool' });
    expect(missing.json).toMatchObject({ data: { file_path: '/bin/no-such-tool' } });
    // The administrator may run what the user may not.
    expect((await g.create(linux, { path: '/root/backup.sh' }, 'root')).status).toBe(201);
    expectError(
      await g.post(`${processes('api', linux)}?action=create`, { spec: { path: '/bin/ls' } }),
      'api',
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('refusals of get, list and delete', async () => {
    expectError(await g.get(linux, 999_999), 'api', 404, 'NOT_FOUND');
    expectError(await g.get(linux, 'abc'), 'api', 400, 'INVALID_ARGUMENT');
    expectError(await g.list(s.client.sample('noTools')), 'api', 503, 'SERVICE_UNAVAILABLE');
    expectError(await g.kill(s.client.sample('oldTools'), 1), 'api', 400, 'UNSUPPORTED');
    // System processes belong to root: only the administrator may kill them.
    expectError(await g.kill(linux, 1), 'api', 403, 'UNAUTHORIZED');
    expect((await g.kill(windows, 2204, 'Administrator')).status).toBe(204);
    const left = (await g.list(windows)).json as { pid: number }[];
    expect(left.some((p) => p.pid === 2204)).toBe(false);
    const extra = s.lab.vendor('vcenter').extra ?? {};
    const readOnly = await s.client.login('api', extra.readOnlyUsername, extra.readOnlyPassword);
    const body = { credentials: s.client.guestCredentials() };
    expectError(
      await g.post(`${processes('api', linux)}?action=list`, body, readOnly),
      'api',
      403,
      'UNAUTHORIZED',
    );
  });

  it('processes die with the guest: after a reset their pids are gone', async () => {
    const take = await ordinaryMachines(s.client, s.admin, [linux, windows]);
    const isLinux = async (id: string): Promise<boolean> => {
      const info = await s.client.call('GET', `/api/vcenter/vm/${id}`, { headers: s.admin });
      return !(info.json as { guest_OS: string }).guest_OS.startsWith('WINDOWS');
    };
    let vm = take();
    for (let tries = 0; tries < 40 && !(await isLinux(vm)); tries++) vm = take();
    await bringTo(s.client, s.admin, vm, 'POWERED_ON');
    const ready = (a: LabAnswer): boolean => a.status !== 503;
    const created = await pollUntil(() => g.create(vm, { path: '/bin/sleep', arguments: '600' }), ready);
    expect(created.status, created.text).toBe(201);
    expect((await s.client.call('POST', powerPath('api', vm, 'reset'), { headers: s.admin })).status).toBe(
      204,
    );
    const after = await pollUntil(() => g.get(vm, created.json), ready);
    expectError(after, 'api', 404, 'NOT_FOUND');
  });
});

describe('guest process retention', () => {
  // At a time scale of 0.001 the 5 minutes of retention last 300 ms.
  const s = useVcenterLab({ vms: 100, timeScale: 0.001 });

  it('keeps exit code and finish time for 5 (scaled) minutes after exit, then forgets the process', async () => {
    const g = guest(s);
    const vm = s.client.sample('linuxDemo');
    const pid = (await g.create(vm, { path: '/bin/false' })).json as number;
    const info = await g.exited(vm, pid);
    expect(info).toMatchObject({ exit_code: 1, finished: anyString });
    expect(((await g.list(vm)).json as { pid: number }[]).some((p) => p.pid === pid)).toBe(true);
    const gone = await pollUntil(
      () => g.get(vm, pid),
      (a) => a.status !== 200,
    );
    expectError(gone, 'api', 404, 'NOT_FOUND');
    expect(Date.now() - Date.parse(String(info.finished))).toBeGreaterThanOrEqual(300);
    expect(((await g.list(vm)).json as { pid: number }[]).some((p) => p.pid === pid)).toBe(false);
  });
});
