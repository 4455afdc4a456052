import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createWriteBuffer } from './write-buffer';

let folder = '';
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function scratch(): Promise<{ path: string; file: Awaited<ReturnType<typeof open>> }> {
  folder = await mkdtemp(join(tmpdir(), 'write-buffer-'));
  const path = join(folder, 'x.part');
  return { path, file: await open(path, 'w+') };
}

describe('createWriteBuffer', () => {
  it('writes pieces at their position as buffers fill, telling each time the written end moves', async () => {
    const { path, file } = await scratch();
    const gathered = createWriteBuffer(file, 4);
    const seen: number[] = [];
    gathered.onWritten = () => seen.push(gathered.written);
    await gathered.add(Buffer.from('ab'), 2);
    expect(gathered.written).toBe(2);
    await gathered.add(Buffer.from('cdefghijk'), 4);
    await gathered.flush();
    expect(gathered.written).toBe(13);
    expect(seen).toEqual([6, 10, 13]);
    await file.close();
    expect((await readFile(path)).subarray(2).toString()).toBe('abcdefghijk');
  });

  it('keeps reading while a buffer is written: a piece is taken before the write of the previous one ends', async () => {
    const { file } = await scratch();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      write: async (...args: Parameters<typeof file.write>) => {
        await held;
        return file.write(...args);
      },
    } as unknown as typeof file;
    const gathered = createWriteBuffer(slow, 4);
    await gathered.add(Buffer.from('abcd'), 0);
    // The first buffer is still being written; the second takes the next piece at once.
    await gathered.add(Buffer.from('efg'), 4);
    expect(gathered.written).toBe(0);
    release();
    await gathered.flush();
    expect(gathered.written).toBe(7);
    await file.close();
  });

  it('drops what was gathered when a piece does not follow (a request tried again)', async () => {
    const { path, file } = await scratch();
    const gathered = createWriteBuffer(file, 8);
    await gathered.add(Buffer.from('xyz'), 0);
    await gathered.add(Buffer.from('abc'), 0);
    await gathered.add(Buffer.from('de'), 3);
    await gathered.flush();
    await file.close();
    expect((await readFile(path)).toString()).toBe('abcde');
  });

  it('reports a failed write', async () => {
    const { file } = await scratch();
    const failing = {
      write: () => Promise.reject(new Error('disk full')),
    } as unknown as typeof file;
    const gathered = createWriteBuffer(failing, 2);
    await gathered.add(Buffer.from('ab'), 0);
    await expect(gathered.flush()).rejects.toThrow('disk full');
    await file.close();
  });
});
