import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeFileAtomic } from './atomic-file';
import { diskProbe } from './diagnostics';
import { DEFAULT_WINDOW_STATE, windowStateStore } from './window-state';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('replaces the whole file and leaves no temp file behind', async () => {
    const file = join(dir, 'state.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writes as whole without the flush, for files whose durable copy is kept otherwise', async () => {
    const file = join(dir, 'progress.json');
    await writeFileAtomic(file, 'first', { durable: false });
    await writeFileAtomic(file, 'second', { durable: false, mode: 0o640 });
    expect(await readFile(file, 'utf8')).toBe('second');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['progress.json']);
  });

  it('keeps the previous version when the write fails', async () => {
    const file = join(dir, 'state.json');
    await writeFileAtomic(file, 'good');
    await chmod(dir, 0o500);
    try {
      // root ignores directory permissions; skip the assertion there rather than pretend
      if (process.getuid?.() !== 0) await expect(writeFileAtomic(file, 'bad')).rejects.toThrow();
    } finally {
      await chmod(dir, 0o700);
    }
    expect(await readFile(file, 'utf8')).toBe('good');
  });
});

describe('window state', () => {
  it('round-trips and falls back to the default on a damaged file', async () => {
    const store = windowStateStore(dir);
    expect(await store.load()).toEqual(DEFAULT_WINDOW_STATE);
    await store.save({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(await store.load()).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    await writeFile(join(dir, 'window-state.json'), '{"width": "huge"');
    expect(await store.load()).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(join(dir, 'window-state.json'), '{"width": 50, "height": 20}');
    expect(await store.load()).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('disk diagnostics', () => {
  it('reports a writable directory with its free space', async () => {
    const report = await diskProbe(dir)();
    expect(report.status).toMatch(/ok|degraded/);
    expect(report.summary).toMatch(/free/);
  });

  it('reports a data directory that cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const report = await diskProbe(join(blocker, 'data'))();
    expect(report).toMatchObject({
      status: 'unavailable',
      summary: expect.stringContaining('cannot be written') as unknown,
    });
  });
});

describe('profile pins', () => {
  it("keeps main's pin through an edit of the same address, drops it when the address changes", async () => {
    const { openProfileStore } = await import('./profile-store');
    const store = await openProfileStore(dir);
    const pin = { pinnedFingerprint256: Array(32).fill('AA').join(':'), pinnedCertificatePem: PEM };
    const input = { name: 'a', baseUrl: 'https://a.example', options: { vendor: 'vcenter' as const } };
    const created = store.create(input, { tls: pin });
    expect(store.update(created.id, { ...input, name: 'renamed' }).tls).toEqual(pin);
    const moved = store.update(created.id, { ...input, baseUrl: 'https://b.example' });
    expect(moved.tls.pinnedFingerprint256).toBeUndefined();
  });
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
