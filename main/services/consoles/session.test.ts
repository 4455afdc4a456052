import { Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { CONSOLE_FLOW } from '../../../common/consoles';
import { createConsoleRegistry } from '../../../lab/consoles';
import type { ConsoleRegistry } from '../../../lab/core/types';
import { memoryKeychain } from '../memory-keychain';
import { consolePasswords } from './passwords';
import { LOCKOUT_EXPLANATION } from './rfb-upstream';
import { openSession, type SessionTiming } from './session';
import { deadPort, noAuthServer, scriptedServer, testPage } from './test-page';

const HOST = '127.0.0.1';
const PASSWORD = 'lab-pass';
const FAST: SessionTiming = { connectMs: 2000, greetingMs: 300, stepMs: 2000 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function labConsole(label = 'web-01'): Promise<{ port: number; registry: ConsoleRegistry }> {
  const registry = createConsoleRegistry({ host: HOST, password: PASSWORD, log: () => undefined });
  cleanups.push(() => registry.close());
  return { port: (await registry.open(`m:${label}`, label)).port, registry };
}

function setup(vendorPassword?: string) {
  const keychain = memoryKeychain();
  const passwords = consolePasswords(keychain);
  return { keychain, passwords, book: () => passwords.book('m-1', vendorPassword) };
}

function open(port: number, book: ReturnType<ReturnType<typeof setup>['book']>) {
  const page = testPage();
  const session = openSession({
    endpoint: page.endpoint,
    name: 'web-01',
    locate: () =>
      Promise.resolve({ target: { host: HOST, port }, where: `web-01 (${HOST}:${port})`, passwords: book }),
    timing: FAST,
  });
  cleanups.push(() => session.close());
  return { page, session };
}

/** A ServerInit: screen size, a zeroed pixel format, the desktop name. */
function serverInit(width: number, height: number, name: string): Buffer {
  const init = Buffer.alloc(24 + name.length);
  init.writeUInt16BE(width, 0);
  init.writeUInt16BE(height, 2);
  init.writeUInt32BE(name.length, 20);
  init.write(name, 24);
  return init;
}

describe('a console session against the lab RFB server', () => {
  it('authenticates with the vendor password: the page sees a server without authentication', async () => {
    const { port } = await labConsole('web-01');
    const { page } = open(port, setup(PASSWORD).book());
    expect(await page.handshake()).toEqual({ width: 800, height: 600, name: 'web-01' });
    expect(page.controls).toEqual([]);
  });

  it('asks the page for a password, keeps it in the keychain, and uses it next time', async () => {
    const { port } = await labConsole();
    const { keychain, book } = setup();
    const first = open(port, book());
    await first.page.waitFor('credentials');
    first.page.control({ type: 'credentials', password: PASSWORD, remember: true });
    expect((await first.page.handshake()).name).toBe('web-01');
    expect(keychain.items.get('console:m-1')).toBe(PASSWORD);

    const second = open(port, book());
    expect((await second.page.handshake()).name).toBe('web-01');
    expect(second.page.controls).toEqual([]);
  });

  it('does not save a password the user did not ask to keep', async () => {
    const { port } = await labConsole();
    const { keychain, book } = setup();
    const { page } = open(port, book());
    await page.waitFor('credentials');
    page.control({ type: 'credentials', password: PASSWORD, remember: false });
    await page.handshake();
    expect(keychain.items.size).toBe(0);
  });

  it('ends with AUTH_FAILED and the lock-out rule on a wrong password', async () => {
    const { port } = await labConsole();
    const { page } = open(port, setup().book());
    await page.waitFor('credentials');
    page.control({ type: 'credentials', password: 'wrong', remember: true });
    const error = await page.ended;
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      details: { source: 'user', said: 'Authentication failure' },
    });
    expect(error?.message).toContain(LOCKOUT_EXPLANATION);
  });

  it('stops offering a refused vendor password and forgets a refused saved one', async () => {
    const { port } = await labConsole();
    const { keychain, book } = setup('not-it');
    const first = open(port, book());
    expect(await first.page.ended).toMatchObject({ code: 'AUTH_FAILED', details: { source: 'vendor' } });

    keychain.items.set('console:m-1', 'stale');
    const second = open(port, book());
    expect(await second.page.ended).toMatchObject({ code: 'AUTH_FAILED', details: { source: 'keychain' } });
    expect(keychain.items.has('console:m-1')).toBe(false);

    const third = open(port, book());
    await third.page.waitFor('credentials');
    third.page.control({ type: 'credentials', password: PASSWORD, remember: false });
    expect((await third.page.handshake()).name).toBe('web-01');
  });

  it('explains the lock-out when the server blocks this computer', async () => {
    const { port } = await labConsole();
    const { book } = setup('wrong-again');
    // The lab blocks an address after 5 failures, like TigerVNC.
    for (let i = 0; i < 5; i++) {
      const { page } = open(port, { ...book(), refused: () => Promise.resolve() });
      await page.ended;
    }
    expect(await open(port, book()).page.ended).toMatchObject({
      code: 'AUTH_FAILED',
      details: { lockedOut: true, said: 'Too many security failures' },
    });
  });

  it('relays the session both ways and ends cleanly when the page closes', async () => {
    const { port } = await labConsole();
    const { page, session } = open(port, setup(PASSWORD).book());
    await page.handshake();
    // FramebufferUpdateRequest, full screen: a Raw update of 800x600 at 32 bpp follows.
    page.send(Uint8Array.of(3, 0, 0, 0, 0, 0, 3, 32, 2, 88));
    const header = await page.reader.read(4, 5000);
    expect(header[0]).toBe(0);
    page.close();
    await session.ended;
    expect(await page.ended).toBeUndefined();
  });

  it('ends with a clear reason when the server goes away mid-session', async () => {
    const { port, registry } = await labConsole();
    const { page } = open(port, setup(PASSWORD).book());
    await page.handshake();
    await registry.close();
    expect(await page.ended).toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringMatching(/closed the connection/) as string,
    });
  });
});

describe('endpoints that are not a working VNC server', () => {
  it('refuses garbage at once, quoting what it said', async () => {
    const garbage = await scriptedServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    cleanups.push(() => garbage.stop());
    expect(await open(garbage.port, setup().book()).page.ended).toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringContaining(
        'is not a VNC server: it answered “HTTP/1.1 400 Bad Request',
      ) as string,
    });
  });

  it('times out a server that says nothing', async () => {
    const silent = await scriptedServer(() => undefined);
    cleanups.push(() => silent.stop());
    const started = Date.now();
    expect(await open(silent.port, setup().book()).page.ended).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('sent no VNC greeting') as string,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says nothing listens on a closed port', async () => {
    expect(await open(await deadPort(), setup().book()).page.ended).toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining('connection refused') as string,
    });
  });

  it('gives up connecting after the deadline', async () => {
    const page = testPage();
    openSession({
      endpoint: page.endpoint,
      name: 'x',
      locate: () =>
        Promise.resolve({ target: { host: '192.0.2.1', port: 5900 }, where: 'x', passwords: setup().book() }),
      timing: { ...FAST, connectMs: 150 },
      // A socket that never connects: what a firewall that drops packets looks like.
      socketFactory: () => new Socket(),
    });
    expect(await page.ended).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('did not answer within 0.15 s') as string,
    });
  });

  it('names the security types it cannot speak', async () => {
    const tls = await scriptedServer((socket) => {
      socket.write('RFB 003.008\n');
      socket.once('data', () => socket.write(Uint8Array.of(2, 18, 19)));
    });
    cleanups.push(() => tls.stop());
    const { page } = open(tls.port, setup().book());
    expect(await page.ended).toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('asks for TLS, VeNCrypt') as string,
    });
  });

  it('speaks RFB 3.3 to old servers', async () => {
    const old = await scriptedServer((socket) => {
      socket.write('RFB 003.003\n');
      socket.once('data', () => {
        // Security type 1 (none) as a U32, then ServerInit after ClientInit.
        socket.write(Uint8Array.of(0, 0, 0, 1));
        socket.once('data', () => socket.write(serverInit(640, 480, 'old')));
      });
    });
    cleanups.push(() => old.stop());
    const { page } = open(old.port, setup().book());
    expect(await page.handshake()).toEqual({ width: 640, height: 480, name: 'old' });
  });
});

describe('the handshake', () => {
  it('greets the page while the server is still authenticating, and admits it only once authenticated', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The SecurityResult waits for the test: the page must have got no further than its security choice.
    const server = await noAuthServer((socket) => socket.write(serverInit(320, 200, 'slow')), held);
    cleanups.push(() => server.stop());
    const { page } = open(server.port, setup().book());
    expect(new TextDecoder().decode(await page.reader.read(12, 2000))).toBe('RFB 003.008\n');
    page.send('RFB 003.008\n');
    expect([...(await page.reader.read(2, 2000))]).toEqual([1, 1]);
    page.send(Uint8Array.of(1));
    await expect(page.reader.read(1, 200)).rejects.toMatchObject({ reason: 'timeout' });
    release();
    const admitted = await page.reader.read(4 + 24 + 4, 2000);
    expect([...admitted.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(new TextDecoder().decode(admitted.subarray(28))).toBe('slow');
  });

  it('refuses a ServerInit that cannot be one', async () => {
    const server = await noAuthServer((socket) => socket.write(Buffer.alloc(24, 0xff)));
    cleanups.push(() => server.stop());
    const { page } = open(server.port, setup().book());
    expect(await page.ended).toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringContaining('malformed ServerInit') as string,
    });
  });
});

describe('flow control', () => {
  it('stops reading the server while the page has not acknowledged enough', async () => {
    const flood = Buffer.alloc(64 * 1024, 7);
    let written = 0;
    const server = await noAuthServer((socket) => {
      socket.write(serverInit(64, 48, 'flood'));
      const pump = (): void => {
        while (written < 64 * 1024 * 1024 && socket.write(flood)) written += flood.length;
        if (written < 64 * 1024 * 1024) socket.once('drain', pump);
      };
      pump();
    });
    cleanups.push(() => server.stop());
    const { page } = open(server.port, setup().book());
    expect((await page.handshake()).name).toBe('flood');
    const settle = async (): Promise<number> => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return page.reader.drain().reduce((n, c) => n + c.byteLength, 0);
    };
    const before = await settle();
    // Paused above the limit: at most one socket read past it.
    expect(before).toBeGreaterThan(CONSOLE_FLOW.pauseAboveBytes);
    expect(before).toBeLessThan(CONSOLE_FLOW.pauseAboveBytes + 1024 * 1024);
    expect(await settle()).toBe(0);
    page.control({ type: 'ack', bytes: before });
    expect(await settle()).toBeGreaterThan(CONSOLE_FLOW.pauseAboveBytes / 2);
  });
});
