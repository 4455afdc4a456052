import { connect, createServer } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { SERVER_PIXEL_FORMAT, type PixelFormat } from './pixel-format';
import {
  CLOCK_REGION,
  clockLayout,
  clockText,
  COLOUR,
  labelLayout,
  SCREEN_HEIGHT,
  SCREEN_WIDTH,
  TYPED_REGION,
  typedLayout,
} from './screen';
import { seenColour, type TestRfbClient, textMismatches } from './test-client';
import { createHarness, HOST, LABEL, PASSWORD } from './test-harness';

const { logs, registry, openConsole, client, rawSocket, refusal, cleanup } = createHarness();
afterEach(cleanup);

/** The time the viewer's clock shows, if it is now or a second ago. */
function shownClock(viewer: TestRfbClient): string | undefined {
  const now = Date.now();
  return [now, now - 1000].map(clockText).find((text) => textMismatches(viewer, clockLayout(text)) === 0);
}

function clockMatchesNow(viewer: TestRfbClient): boolean {
  return shownClock(viewer) !== undefined;
}

describe('built-in RFB server: handshake and first picture', () => {
  it('lets the right password in and shows the label in the foreground colour', async () => {
    const endpoint = await registry().open('vcenter:vm-1', LABEL);
    expect(endpoint).toEqual({ host: HOST, port: expect.any(Number) as number, password: PASSWORD });
    const viewer = await client(endpoint.port);
    expect(viewer.serverVersion).toBe('RFB 003.008');
    expect([viewer.width, viewer.height, viewer.name]).toEqual([SCREEN_WIDTH, SCREEN_HEIGHT, LABEL]);
    expect(viewer.format).toEqual(SERVER_PIXEL_FORMAT);

    const rects = await viewer.update(false);
    expect(rects).toEqual([{ x: 0, y: 0, width: SCREEN_WIDTH, height: SCREEN_HEIGHT, encoding: 0 }]);
    const label = labelLayout(LABEL);
    expect(textMismatches(viewer, label)).toBe(0);
    // The wrong text in the same place would not match: the comparison can fail.
    expect(textMismatches(viewer, { ...label, text: 'web-02 (vCenter, Linux)' })).toBeGreaterThan(0);
    // 'w' has its first column lit from row 2: the label is pure white in the server's own format.
    expect(viewer.pixel(label.x, label.y + 2 * label.scale)).toBe(0xffffff);
    expect(viewer.pixel(1, SCREEN_HEIGHT - 1)).toBe(seenColour(viewer.format, COLOUR.background));
    expect(clockMatchesNow(viewer)).toBe(true);
    expect(textMismatches(viewer, typedLayout(''))).toBe(0);
  });

  it('opens one listener per machine and reuses it', async () => {
    const consoles = registry();
    const [a, again, b] = await Promise.all([
      consoles.open('danube:vm-1', 'one'),
      consoles.open('danube:vm-1', 'one'),
      consoles.open('danube:vm-2', 'two'),
    ]);
    expect(again.port).toBe(a.port);
    expect(b.port).not.toBe(a.port);
    expect((await client(b.port)).name).toBe('two');
  });

  it.each(['3.3', '3.7'] as const)('accepts a %s client', async (version) => {
    const viewer = await client(await openConsole(), { version });
    expect(viewer.name).toBe(LABEL);
    await viewer.update(false);
    expect(textMismatches(viewer, labelLayout(LABEL))).toBe(0);
  });
});

describe('built-in RFB server: pixel formats', () => {
  const formats: Record<string, PixelFormat> = {
    'noVNC (32 bpp depth 24, RGBX little endian)': { ...SERVER_PIXEL_FORMAT, redShift: 0, blueShift: 16 },
    '32 bpp big endian': { ...SERVER_PIXEL_FORMAT, bigEndian: true },
    '16 bpp RGB565 little endian': {
      ...SERVER_PIXEL_FORMAT,
      bitsPerPixel: 16,
      depth: 16,
      redMax: 31,
      greenMax: 63,
      blueMax: 31,
      redShift: 11,
      greenShift: 5,
      blueShift: 0,
    },
    '8 bpp BGR233': {
      ...SERVER_PIXEL_FORMAT,
      bitsPerPixel: 8,
      depth: 8,
      redMax: 7,
      greenMax: 7,
      blueMax: 3,
      redShift: 0,
      greenShift: 3,
      blueShift: 6,
    },
  };

  it.each(Object.entries(formats))('honours %s', async (_name, format) => {
    const viewer = await client(await openConsole());
    viewer.setPixelFormat(format);
    viewer.setEncodings([0, -239, -223]);
    await viewer.update(false);
    expect(textMismatches(viewer, labelLayout(LABEL))).toBe(0);
    // The stream stays aligned: a later update (after typing) parses and shows the keys.
    viewer.type('ok');
    await viewer.update(true);
    expect(textMismatches(viewer, typedLayout('ok'))).toBe(0);
  });
});

describe('built-in RFB server: authentication failures', () => {
  it('answers a wrong password with SecurityResult failed and the reason (3.8)', async () => {
    const port = await openConsole();
    const error = await refusal(port, 'not-it');
    expect([error.stage, error.reason]).toEqual(['auth', 'Authentication failure']);
    expect(logs.some((line) => line.includes('Authentication failure'))).toBe(true);
  });

  it('sends no reason string to a 3.7 client, as the RFC says', async () => {
    const reader = await rawSocket(await openConsole());
    expect((await reader.read(12)).toString()).toBe('RFB 003.008\n');
    reader.write('RFB 003.007\n');
    expect([...(await reader.read(2))]).toEqual([1, 2]);
    reader.write(Buffer.from([2]));
    await reader.read(16);
    reader.write(Buffer.alloc(16));
    expect((await reader.read(4)).readUInt32BE(0)).toBe(1);
    expect((await reader.rest()).length).toBe(0);
  });

  it('refuses the 6th try after 5 wrong passwords with "Too many security failures", per machine', async () => {
    const consoles = registry();
    const { port } = await consoles.open('comodit:vm-1', 'locked');
    for (let i = 0; i < 5; i++)
      expect((await refusal(port, `guess-${i}`)).reason).toBe('Authentication failure');
    const sixth = await refusal(port, 'guess-5');
    expect([sixth.stage, sixth.reason]).toEqual(['security', 'Too many security failures']);
    // Even the right password is turned away while the block lasts, with TigerVNC's 3.3 "from scratch" answer.
    const reader = await rawSocket(port);
    expect((await reader.read(12)).toString()).toBe('RFB 003.003\n');
    expect((await reader.read(4)).readUInt32BE(0)).toBe(0);
    expect(await reader.readString()).toBe('Too many security failures');
    await reader.closed;
    expect(logs.some((line) => line.includes('too many security failures'))).toBe(true);
    // Another machine's console is another server with its own count.
    const other = await consoles.open('comodit:vm-2', 'free');
    expect((await client(other.port)).name).toBe('free');
  });
});

describe('built-in RFB server: live updates', () => {
  it('echoes typed keys in a later update that carries only the echo line', async () => {
    const port = await openConsole();
    const viewer = await client(port);
    const watcher = await client(port);
    await viewer.update(false);
    await watcher.update(false);
    viewer.type('Hello, lab!x');
    viewer.key(0xff08, true); // BackSpace erases the x
    viewer.key(0xffe1, true); // Shift alone changes nothing
    let rects = await viewer.update(true);
    // Keys arrive one by one, so the echo may take a few updates to be complete.
    for (let i = 0; i < 20 && textMismatches(viewer, typedLayout('Hello, lab!')) > 0; i++) {
      rects = await viewer.update(true);
    }
    expect(textMismatches(viewer, typedLayout('Hello, lab!'))).toBe(0);
    // Only dirty rectangles travel: the echo line (and the clock, had it ticked meanwhile).
    expect(rects).toContainEqual({ ...TYPED_REGION, encoding: 0 });
    for (const { x, y, width, height } of rects) {
      expect([TYPED_REGION, CLOCK_REGION]).toContainEqual({ x, y, width, height });
    }
    // The screen is shared: another viewer sees the same echo.
    await watcher.update(true);
    expect(textMismatches(watcher, typedLayout('Hello, lab!'))).toBe(0);

    const long = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
    viewer.type(long);
    for (let i = 0; i < 60 && textMismatches(viewer, typedLayout(long.slice(-40))) > 0; i++) {
      await viewer.update(true);
    }
    expect(textMismatches(viewer, typedLayout(long.slice(-40)))).toBe(0);
  });

  it('answers an incremental request when the clock ticks, with the clock rectangle only', async () => {
    const viewer = await client(await openConsole());
    await viewer.update(false);
    const before = shownClock(viewer);
    expect(before).toBeDefined();
    const rects = await viewer.update(true, 2_500);
    expect(rects).toEqual([{ ...CLOCK_REGION, encoding: 0 }]);
    expect(textMismatches(viewer, clockLayout(before ?? ''))).toBeGreaterThan(0);
    expect(clockMatchesNow(viewer)).toBe(true);
  });

  it('accepts pointer events and clipboard text without answering them', async () => {
    const viewer = await client(await openConsole());
    viewer.pointer(10, 10, 1);
    viewer.cutText('copied text');
    const rects = await viewer.update(false);
    expect(rects).toHaveLength(1);
    expect(viewer.reader.isClosed).toBe(false);
  });

  it('answers a request outside the screen with an empty update', async () => {
    const viewer = await client(await openConsole());
    viewer.requestUpdate(false, { x: 900, y: 700, width: 10, height: 10 });
    expect(await viewer.readUpdate()).toEqual([]);
  });
});

describe('built-in RFB server: garbage', () => {
  it('answers a non-RFB greeting with a reason and closes', async () => {
    const port = await openConsole();
    const reader = await rawSocket(port);
    await reader.read(12);
    reader.write('GET / HTTP/1.1\r\n\r\n');
    const rest = await reader.rest();
    expect(rest.readUInt32BE(0)).toBe(0);
    expect(rest.subarray(8).toString()).toBe('unsupported ProtocolVersion "GET / HTTP/1"');
    expect(logs.some((line) => line.includes('unsupported ProtocolVersion'))).toBe(true);
  });

  it('fails a security type that was not offered with a reason (3.8)', async () => {
    const reader = await rawSocket(await openConsole());
    await reader.read(12);
    reader.write('RFB 003.008\n');
    await reader.read(2);
    reader.write(Buffer.from([1]));
    expect((await reader.read(4)).readUInt32BE(0)).toBe(1);
    expect(await reader.readString()).toBe('security type 1 was not offered');
    await reader.closed;
  });

  it.each([
    ['an unknown message type', Buffer.from([0xfe, 1, 2, 3]), /unknown client message type 254/],
    ['an oversized ClientCutText', Buffer.from([6, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]), /too long/],
    [
      'a colour-map SetPixelFormat',
      Buffer.from([0, 0, 0, 0, 8, 8, 0, 0, 0, 7, 0, 7, 0, 3, 0, 3, 6, 0, 0, 0]),
      /colour-map pixel formats/,
    ],
  ])('closes the connection on %s and keeps serving others', async (_what, garbage, reason) => {
    const port = await openConsole();
    const viewer = await client(port);
    await viewer.update(false);
    viewer.reader.write(garbage);
    await viewer.reader.closed;
    expect(logs.some((line) => reason.test(line))).toBe(true);
    const next = await client(port);
    expect((await next.update(false)).length).toBe(1);
  });

  it('survives random bytes at every stage and clients vanishing mid-message', async () => {
    const port = await openConsole();
    let seed = 12345;
    const noise = (length: number): Buffer =>
      Buffer.from(Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    for (const prefix of ['', 'RFB 003.008\n', 'RFB 003.008\n\u0002']) {
      const reader = await rawSocket(port);
      await reader.read(12);
      reader.write(Buffer.concat([Buffer.from(prefix, 'latin1'), noise(64)]));
      await reader.rest();
    }
    const viewer = await client(port);
    viewer.reader.write(Buffer.from([4, 1, 0]));
    viewer.close();
    await viewer.reader.closed;
    expect((await (await client(port)).update(false)).length).toBe(1);
  });
});

/** Records the server's clock-tick timers (the only ones at most a second long) and what became of them. */
function watchClockTimers() {
  const record = { started: [] as unknown[], cleared: new Set<unknown>(), fired: new Set<unknown>() };
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation((callback: () => void, ms?: number) => {
    const timer = realSet(() => {
      record.fired.add(timer);
      callback();
    }, ms);
    if ((ms ?? 0) <= 1005) record.started.push(timer);
    return timer;
  });
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((timer) => {
    record.cleared.add(timer);
    realClear(timer);
  });
  return record;
}

describe('console registry lifecycle', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('close() ends sessions, frees every port and refuses later opens', async () => {
    const ticks = watchClockTimers();
    const consoles = registry();
    const endpoints = await Promise.all(['a', 'b', 'c'].map((key) => consoles.open(key, key)));
    const viewer = await client(endpoints[0]?.port ?? 0);
    await viewer.update(false);
    // Leaves a request pending with its clock timer (the first may be answered at once if the second just changed).
    viewer.requestUpdate(true);
    viewer.requestUpdate(true);
    for (let i = 0; i < 1000 && ticks.started.length === 0; i++) await new Promise(setImmediate);
    expect(ticks.started.length).toBeGreaterThan(0);
    await consoles.close();
    await viewer.reader.closed;
    expect(ticks.started.every((timer) => ticks.cleared.has(timer) || ticks.fired.has(timer))).toBe(true);
    for (const { port } of endpoints) {
      const refused = await new Promise<string>((resolve) => {
        const probe = connect({ host: HOST, port });
        probe.once('connect', () => {
          probe.destroy();
          resolve('connected');
        });
        probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, HOST, () => resolve());
      });
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(consoles.open('d', 'd')).rejects.toThrow(/closed/);
  });

  it('opens hundreds of consoles quickly, each with its own port', async () => {
    const consoles = registry();
    const endpoints = await Promise.all(
      Array.from({ length: 300 }, (_, i) => consoles.open(`unitrends:${i}`, `vm-${i}`)),
    );
    expect(new Set(endpoints.map((e) => e.port)).size).toBe(300);
    expect((await client(endpoints[299]?.port ?? 0)).name).toBe('vm-299');
  });
});
