import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConsoleRegistry } from './index';
import { labelLayout, typedLayout } from './screen';
import { TestRfbClient, textMismatches } from './test-client';
import { createHarness, HOST, PASSWORD } from './test-harness';
import { vncPasswordFile } from './vnc-auth';

const { logs, registry, client, refusal, cleanup } = createHarness();
afterEach(cleanup);

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('forwarding to a real VNC server (vncTarget)', () => {
  async function forwardedConsole(): Promise<number> {
    const inner = await registry({ password: 'inner-pw' }).open('danube:vm-7', 'Forwarded VM');
    const outer = registry({ vncTarget: `${HOST}:${inner.port}`, password: 'inner-pw' });
    const endpoint = await outer.open('danube:vm-7', 'label the forwarder ignores');
    expect(endpoint.port).not.toBe(inner.port);
    return endpoint.port;
  }

  it('pipes the whole session through: handshake, picture and typed keys', async () => {
    const viewer = await client(await forwardedConsole(), { password: 'inner-pw' });
    expect(viewer.name).toBe('Forwarded VM');
    await viewer.update(false);
    expect(textMismatches(viewer, labelLayout('Forwarded VM'))).toBe(0);
    viewer.type('via proxy');
    await viewer.update(true);
    expect(textMismatches(viewer, typedLayout('via proxy'))).toBe(0);
  });

  it('leaves authentication to the target server', async () => {
    const error = await refusal(await forwardedConsole(), PASSWORD);
    expect(error.reason).toBe('Authentication failure');
  });

  it('drops the client with a logged reason when the target is down', async () => {
    const dead = await freePort();
    const { port } = await registry({ vncTarget: `${HOST}:${dead}` }).open('x', 'x');
    const error: unknown = await TestRfbClient.connect({ host: HOST, port, password: PASSWORD }).catch(
      (reason: unknown) => reason,
    );
    expect(String(error)).toMatch(/closed/);
    expect(logs.some((line) => line.includes('ECONNREFUSED'))).toBe(true);
  });

  it('refuses a malformed target at creation', () => {
    expect(() => createConsoleRegistry({ host: HOST, password: 'x', vncTarget: 'nowhere' })).toThrow(
      /invalid VNC target/,
    );
  });
});

const XVNC = '/usr/bin/Xvnc';

/** Interop with TigerVNC's Xvnc, when it is installed: checks the DES key handling against a real server. */
describe.skipIf(!existsSync(XVNC))('interop with TigerVNC Xvnc', () => {
  let xvnc: ChildProcess | undefined;
  let dir = '';
  let port = 0;
  const password = 'interop1';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-consoles-'));
    // Written with the lab's own DES routine: if its key handling were wrong, Xvnc would reject the password.
    await writeFile(join(dir, 'passwd'), vncPasswordFile(password));
    port = await freePort();
    const args = ['-displayfd', '1', '-rfbport', String(port), '-localhost', '-rfbauth', join(dir, 'passwd')];
    args.push(
      '-SecurityTypes',
      'VncAuth',
      '-geometry',
      '320x240',
      '-desktop',
      'lab-interop',
      '-nolisten',
      'tcp',
    );
    const child = spawn(XVNC, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    xvnc = child;
    // Xvnc writes its display number on the displayfd once it accepts connections.
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`Xvnc exited with ${String(code)}`)));
      child.stdout?.once('data', () => resolve());
    });
  });

  afterAll(async () => {
    if (xvnc && xvnc.exitCode === null) {
      const exited = new Promise((resolve) => xvnc?.once('exit', resolve));
      xvnc.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the test client authenticates with Xvnc and reads its framebuffer', async () => {
    const viewer = await client(port, { password });
    expect([viewer.serverVersion, viewer.name, viewer.width, viewer.height]).toEqual([
      'RFB 003.008',
      'lab-interop',
      320,
      240,
    ]);
    viewer.setEncodings([0]);
    expect(await viewer.update(false)).not.toHaveLength(0);
  });

  it('Xvnc refuses a wrong password with a reason, as the lab server does', async () => {
    const error = await refusal(port, 'wrong-pw');
    expect(error.stage).toBe('auth');
    expect(error.reason).toMatch(/authentication/i);
  });

  it('the registry forwards to Xvnc with --vnc-target', async () => {
    const { port: forwarded } = await registry({ vncTarget: `${HOST}:${port}`, password }).open('m', 'm');
    const viewer = await client(forwarded, { password });
    expect(viewer.name).toBe('lab-interop');
  });
});
