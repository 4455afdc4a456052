import { concat } from './rfb-upstream';

/**
 * Coalesces what a socket delivers in one turn of the event loop (a large screen update arrives as many 64 KiB
 * reads) into one message: each message across processes costs more than a copy. Capped, which bounds that copy.
 */
export function batcher(send: (data: Uint8Array) => void, limitBytes: number) {
  let chunks: Uint8Array[] = [];
  let size = 0;
  const flush = (): void => {
    if (chunks.length === 0) return;
    const out = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks);
    chunks = [];
    size = 0;
    send(out);
  };
  return {
    /** Sends what is held now (before the stream ends). */
    flush,
    push(chunk: Uint8Array): void {
      if (chunks.push(chunk) === 1) setImmediate(flush);
      size += chunk.byteLength;
      if (size >= limitBytes) flush();
    },
  };
}
