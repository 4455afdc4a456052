import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it, onTestFinished } from 'vitest';

import { layoutChunks, tarLayout } from '../../../lab/ibm-br/content';
import { verifyDownload } from './verifier';

const tarBytes = (): Buffer => {
  const layout = tarLayout(
    [
      { path: '/data/a.txt', key: Buffer.alloc(16, 1), size: 1000 },
      { path: '/data/b.bin', key: Buffer.alloc(16, 2), size: 513 },
    ],
    1_700_000_000,
  );
  return Buffer.concat([...layoutChunks(layout, 0, layout.size)]);
};

/** A zip with one stored empty entry, as `zip -0` writes it. */
function zipBytes(): Buffer {
  const name = Buffer.from('x.txt');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length, 16);
  return Buffer.concat([local, name, central, name, end]);
}

async function saved(bytes: Buffer): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'verify-'));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  const path = join(folder, 'file');
  await writeFile(path, bytes);
  return path;
}

describe('verifyDownload', () => {
  it('checks the size and gives the SHA-256 of a plain file', async () => {
    const bytes = Buffer.from('hello world');
    const result = await verifyDownload(await saved(bytes), bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.verified).toBe('11 bytes');
    await expect(verifyDownload(await saved(bytes), 12)).rejects.toThrow(/12 were received/);
  });

  it('walks a tar archive and refuses a damaged one', async () => {
    const bytes = tarBytes();
    expect((await verifyDownload(await saved(bytes), bytes.length)).verified).toMatch(
      /a tar archive of 2 entries/,
    );
    const damaged = Buffer.from(bytes);
    damaged[100] = 0x41;
    await expect(verifyDownload(await saved(damaged), damaged.length)).rejects.toThrow(/wrong checksum/);
    const cut = bytes.subarray(0, 1024);
    await expect(verifyDownload(await saved(cut), cut.length)).rejects.toThrow(/damaged/);
  });

  it('checks a zip as a zip', async () => {
    const bytes = zipBytes();
    expect((await verifyDownload(await saved(bytes), bytes.length)).verified).toMatch(
      /a zip archive of 1 entry/,
    );
    const truncated = bytes.subarray(0, bytes.length - 10);
    await expect(verifyDownload(await saved(truncated), truncated.length)).rejects.toThrow(
      /end-of-central-directory/,
    );
  });
});
