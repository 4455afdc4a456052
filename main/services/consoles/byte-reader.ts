/** Why a read ended early: the source closed, or nothing came in time. */
export class ReadFailure extends Error {
  override readonly name = 'ReadFailure';
  constructor(
    readonly reason: 'closed' | 'timeout' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exact-length reads from a source that delivers chunks (a socket, a stream from the page): the RFB handshake is a
 * conversation of small fixed-size messages. Every read has a deadline, so a silent peer fails instead of hanging.
 */
export class ByteReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    if (this.ended || chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
    this.wake?.();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The source closed: reads that cannot be satisfied any more fail. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async read(count: number, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.buffered < count) await this.until(count, timeoutMs, signal);
    return this.take(count);
  }

  /** A U32 length followed by that many bytes of text (RFB's reason strings), capped to stay sane. */
  async readReason(timeoutMs: number): Promise<string> {
    const length = new DataView((await this.read(4, timeoutMs)).buffer).getUint32(0);
    const text = await this.read(Math.min(length, 4096), timeoutMs);
    return new TextDecoder().decode(text);
  }

  /** Whatever arrived beyond what was read (handed on once the handshake is over). */
  drain(): Uint8Array[] {
    const rest = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    return rest;
  }

  private take(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const head = this.chunks[0] as Uint8Array;
      const part = Math.min(head.byteLength, count - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.byteLength) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.buffered -= count;
    return out;
  }

  private until(count: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (failure?: ReadFailure): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        if (failure) reject(failure);
        else resolve();
      };
      const onAbort = (): void => done(new ReadFailure('aborted', 'the read was abandoned'));
      const timer = setTimeout(
        () => done(new ReadFailure('timeout', `nothing arrived within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        if (this.buffered >= count) done();
        else if (this.ended) done(new ReadFailure('closed', 'the connection closed'));
      };
      if (signal?.aborted) onAbort();
      else this.wake();
    });
  }
}
