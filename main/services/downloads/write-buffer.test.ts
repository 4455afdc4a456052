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
  it('writes pieces at their position only when the buffer fills or is flushed', async () => {
    const { path, file } = await scratch();
    const gathered = createWriteBuffer(file, 4);
    expect(await gathered.add(Buffer.from('ab'), 2)).toBe(false);
    expect(gathered.written).toBe(2);
    expect(await gathered.add(Buffer.from('cdefg'), 4)).toBe(true);
    expect(gathered.written).toBe(6);
    await gathered.flush();
    expect(gathered.written).toBe(9);
    await file.close();
    expect((await readFile(path)).subarray(2).toString()).toBe('abcdefg');
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
});
