/** A client broke the protocol: its connection is closed with this message as the reason. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Bytes received but not yet parsed; parsers peek until a whole message is there, then take it. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `count` bytes, left in the queue; `count` must not exceed `length`. */
  peek(count: number): Buffer {
    if (count > this.size) throw new RangeError(`peek(${count}) with ${this.size} bytes queued`);
    const first = this.chunks[0];
    if (first && first.length >= count) return first.subarray(0, count);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, count);
  }

  take(count: number): Buffer {
    const taken = this.peek(count);
    const first = this.chunks[0];
    if (first && first.length > count) {
      this.chunks[0] = first.subarray(count);
    } else {
      this.chunks.shift();
    }
    this.size -= count;
    return taken;
  }
}

export function u8(value: number): Buffer {
  return Buffer.from([value]);
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** An RFB string: a U32 length then UTF-8 bytes (reasons, desktop names). */
export function rfbString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}
