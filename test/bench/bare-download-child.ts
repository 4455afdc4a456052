import { open } from 'node:fs/promises';
import { readFileSync } from 'node:fs';

import { Agent, request } from 'undici';

import { labClient } from '../../lab/core/testing';
import { signIn } from '../../lab/ibm-br/test-support';
import type { LabVendorInfo } from '../../lab/lab';

/**
 * The floor the download manager is measured against (downloads benchmark): the same 8 MiB chunk requests, `parallel`
 * at a time, each chunk read whole and written at its offset into one file, and nothing else (no state, no hash, no events). It runs
 * in a process of its own, as the manager does, so both share the machine with the lab the same way. Without an
 * output file the bytes are counted and dropped (a fetch, not a download), for reference.
 * Usage: bare-download-child.ts <lab info JSON file> <recovery id> <parallel> [output file]; sends `{ ms }` when done.
 */
const CHUNK = 8 * 1024 * 1024;
const [infoFile = '', id = '', parallelText = '4', output = ''] = process.argv.slice(2);
const info = JSON.parse(readFileSync(infoFile, 'utf8')) as LabVendorInfo;

const client = labClient(info);
const headers = await signIn(client, info);
await client.close();
const dispatcher = new Agent({ connect: { ca: info.certificatePem ?? '' }, connections: 8 });
const file = output ? await open(output, 'w') : undefined;

let next = 0;
let end = Infinity;
const started = performance.now();
const worker = async (): Promise<void> => {
  for (let index = next++; index < end; index = next++) {
    const url = new URL(`/v2/data-protect/recoveries/${encodeURIComponent(id)}/download-files`, info.url);
    url.searchParams.set('startOffset', String(index * CHUNK));
    url.searchParams.set('length', String(CHUNK));
    const answer = await request(url, { headers, dispatcher });
    let length = 0;
    if (file) {
      const bytes = new Uint8Array(await answer.body.arrayBuffer());
      await file.write(bytes, 0, bytes.length, index * CHUNK);
      length = bytes.length;
    } else for await (const piece of answer.body as AsyncIterable<Buffer>) length += piece.length;
    if (length < CHUNK) end = Math.min(end, index + 1);
  }
};
await Promise.all(Array.from({ length: Number(parallelText) }, worker));
const ms = performance.now() - started;
await file?.close();
await dispatcher.close();
process.send?.({ ms }, () => process.exit(0));
