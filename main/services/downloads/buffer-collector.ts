import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes received between two collections: the dead buffers main holds at most, give or take one collection. */
export const COLLECT_EVERY = 8 * 1024 * 1024;

type Collect = (options: { type: 'minor' | 'major'; execution: 'sync' }) => void;

/** V8's `gc`, taken from a fresh context once the flag is set (main starts without `--expose-gc`). */
export function v8Collector(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as Collect;
  } catch {
    return undefined;
  }
}

/**
 * TLS hands every decrypted record over in a fresh buffer outside V8's heap. V8 frees dead ones only at a collection,
 * which comes when its heap fills or when some 64 MiB of such buffers piled up; a download allocates little heap,
 * so main carried ~50 MiB of dead buffers through a 1 GiB download. A young-generation collection every
 * `every` bytes received frees them (they die young) for about a millisecond each.
 */
export function createBufferCollector(every = COLLECT_EVERY, collect: Collect | undefined = v8Collector()) {
  let since = 0;
  return {
    /** `bytes` more were received (and copied out). */
    received(bytes: number): void {
      since += bytes;
      if (since < every || !collect) return;
      since = 0;
      collect({ type: 'minor', execution: 'sync' });
    },
  };
}
