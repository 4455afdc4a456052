import { beforeAll, describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import type { GuestCredentials, GuestOperations } from '../../connectors/guest';
import type { Connector } from '../../connectors/types';
import { listAll, useTestbed } from '../../connectors/vcenter/test-support';
import { runInGuest, shellFor } from './run';

const env = useTestbed(100);
let connector: Connector;
let guest: GuestOperations;
let rows: Map<string, Machine>;
let who: GuestCredentials;

beforeAll(async () => {
  connector = await env.testbed.connector('api');
  guest = connector.guest as GuestOperations;
  rows = (await listAll(connector)).rows;
  const extra = env.testbed.lab.vendor('vcenter').extra ?? {};
  who = { user: extra.guestUsername ?? '', password: extra.guestPassword ?? '' };
});

const machine = (kind: string): Machine => {
  const found = rows.get(env.testbed.client.sample(kind));
  if (!found) throw new Error(`${kind} was not listed`);
  return found;
};
const request = { timeoutMs: 30_000, outputLimitBytes: 64 * 1024 };
const run = (m: Machine, command: string, credentials = who, options = {}) =>
  runInGuest(guest, m, credentials, { ...request, command, ...options }, new AbortController().signal);

describe('run in guest (vCenter, through VMware Tools)', () => {
  it('journey 8: `systemctl is-active nginx` in the Linux demo VM exits 0 and prints `active`', async () => {
    const result = await run(machine('linuxDemo'), 'systemctl is-active nginx');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'active\n', stderr: '', truncated: false });
    expect(result.finished).toBeTruthy();
    // A non-zero exit code is a result, not a failure.
    expect(await run(machine('linuxDemo'), 'systemctl is-active postgresql')).toMatchObject({
      exitCode: 3,
      stdout: 'inactive\n',
    });
  });

  it('cuts the output at the size limit and says so', async () => {
    const result = await run(machine('linuxDemo'), 'echo 0123456789', who, { outputLimitBytes: 4 });
    expect(result).toMatchObject({ stdout: '0123', truncated: true });
  });

  it('kills a program that outlives the wait', async () => {
    const result = await run(machine('linuxDemo'), 'sleep 600', who, { timeoutMs: 300 });
    expect(result).toMatchObject({ killed: 'timeout', exitCode: 143 });
  });

  it('refuses in words: Tools not running, Tools too old, wrong guest credentials, read-only vCenter user', async () => {
    await expect(run(machine('noTools'), 'true')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^VMware Tools are not running in /) as string,
    });
    await expect(run(machine('oldTools'), 'true')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/too old/) as string,
    });
    await expect(run(machine('linuxDemo'), 'true', { ...who, password: 'wrong' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringMatching(/refused the guest credentials/) as string,
    });
    const readOnly = (await env.testbed.connector('api', 'readonly')).guest as GuestOperations;
    await expect(
      runInGuest(
        readOnly,
        machine('linuxDemo'),
        who,
        { ...request, command: 'true' },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/This vCenter account may not run guest operations/) as string,
    });
  });

  it('quotes the command for the shell of the guest family', () => {
    expect(shellFor('LINUX', "echo 'hi'", '/tmp/o', '/tmp/e')).toEqual({
      path: '/bin/sh',
      arguments: `-c 'echo '"'"'hi'"'"'' 1>'/tmp/o' 2>'/tmp/e'`,
    });
    expect(shellFor('WINDOWS', 'ipconfig', 'C:\\o', 'C:\\e').path).toBe('C:\\Windows\\System32\\cmd.exe');
  });
});
