import { inflateSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { createHarness, HOST, PASSWORD } from '../../../lab/consoles/test-harness';
import { VantageError } from '../../../common/errors';
import { probeFirstFrame } from './first-frame';
import { encodePng } from './png';
import type { SessionTarget } from './session';

// Against the lab's built-in RFB server (the one every lab console runs), compared with the lab's own test client.
const harness = createHarness();
afterEach(() => harness.cleanup());

const located = (port: number, password: string | undefined): SessionTarget => ({
  target: { host: HOST, port },
  where: `web-01 (${HOST}:${port})`,
  passwords: {
    known: () => Promise.resolve(password === undefined ? undefined : { password, source: 'keychain' }),
    accepted: () => Promise.resolve(undefined),
    refused: () => Promise.resolve(),
  },
});

describe('probeFirstFrame', () => {
  it('times the first whole frame and paints it as the lab’s own client sees it', async () => {
    const port = await harness.openConsole();
    const frame = await probeFirstFrame(located(port, PASSWORD), new AbortController().signal);
    const client = await harness.client(port);
    await client.update(false);
    expect([frame.width, frame.height]).toEqual([client.width, client.height]);
    expect(frame.ms).toBeGreaterThanOrEqual(0);
    expect(frame.ms).toBeLessThan(5000);
    let same = 0;
    for (let i = 0; i < client.pixels.length; i++) {
      const rgb =
        ((frame.rgb[i * 3] ?? 0) << 16) | ((frame.rgb[i * 3 + 1] ?? 0) << 8) | (frame.rgb[i * 3 + 2] ?? 0);
      if (rgb === client.pixels[i]) same++;
    }
    // The lab's clock may tick between the two frames; the rest (label, prompt, background) must match.
    expect(same / client.pixels.length).toBeGreaterThan(0.99);
    expect(new Set(client.pixels).size).toBeGreaterThan(1);
  });

  it('refuses, without asking anyone, when no password is known', async () => {
    const port = await harness.openConsole();
    const failure = await probeFirstFrame(located(port, undefined), new AbortController().signal).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(VantageError);
    expect((failure as VantageError).code).toBe('AUTH_FAILED');
    expect((failure as VantageError).message).toMatch(/none saved/);
  });

  it('stops at once when cancelled', async () => {
    const port = await harness.openConsole();
    const controller = new AbortController();
    controller.abort();
    const failure = await probeFirstFrame(located(port, PASSWORD), controller.signal).catch(
      (e: unknown) => e,
    );
    expect((failure as VantageError).code).toBe('CANCELLED');
  });
});

describe('encodePng', () => {
  it('writes a PNG whose header and rows hold the pixels', () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9);
    const png = encodePng(2, 2, rgb);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([2, 2, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...rows]).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 9, 9]);
    expect(png.toString('latin1', png.length - 8, png.length - 4)).toBe('IEND');
  });
});
