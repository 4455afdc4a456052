import { describe, expect, it } from 'vitest';

import { batcher } from './batcher';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the relay batcher', () => {
  it('sends what arrived in one turn of the event loop as one message', async () => {
    const sent: number[][] = [];
    const batch = batcher((data) => sent.push([...data]), 1024);
    batch.push(Uint8Array.of(1, 2));
    batch.push(Uint8Array.of(3));
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3]]);
  });

  it('sends at once when the batch reaches its limit, and on flush', async () => {
    const sent: number[] = [];
    const batch = batcher((data) => sent.push(data.byteLength), 4);
    batch.push(new Uint8Array(3));
    batch.push(new Uint8Array(3));
    expect(sent).toEqual([6]);
    batch.push(new Uint8Array(1));
    batch.flush();
    expect(sent).toEqual([6, 1]);
    await nextTurn();
    expect(sent).toEqual([6, 1]);
  });
});
