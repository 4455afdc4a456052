import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import type { Benchmark } from './types';

async function sizes(dir: string, ext: string): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith(ext)) continue;
    const data = await readFile(join(dir, name));
    raw += data.length;
    gzip += gzipSync(data).length;
  }
  return { raw, gzip };
}

/** What the window loads at start, and what the preload and main bundles weigh (needs `npm run build`). */
export const bundleSize: Benchmark = {
  name: 'bundle size',
  async run() {
    const js = await sizes('out/renderer/assets', '.js');
    const css = await sizes('out/renderer/assets', '.css');
    const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
    return [
      { name: 'renderer JS', value: kib(js.raw), unit: 'KiB', note: `${kib(js.gzip)} KiB gzip` },
      { name: 'renderer CSS', value: kib(css.raw), unit: 'KiB', note: `${kib(css.gzip)} KiB gzip` },
      { name: 'preload', value: kib((await stat('out/preload/index.js')).size), unit: 'KiB' },
      { name: 'main', value: kib((await stat('out/main/index.js')).size), unit: 'KiB' },
    ];
  },
};
