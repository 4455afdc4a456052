import { MessageChannel, type MessagePort } from 'node:worker_threads';

import { describe, expect, it, vi } from 'vitest';

import { portEndpoint, type PortLike } from './port-endpoint';

/** Node's MessagePort standing in for Electron's MessagePortMain (same message and close semantics). */
function nodePort(port: MessagePort): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

function pair() {
  const { port1, port2 } = new MessageChannel();
  const received: unknown[] = [];
  port2.on('message', (message) => received.push(message));
  const endpoint = portEndpoint(nodePort(port1));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { endpoint, page: port2, received, settle };
}

describe('a stream endpoint over a message port', () => {
  it('carries bytes and control messages both ways, in order', async () => {
    const { endpoint, page, received, settle } = pair();
    const bytes = vi.fn();
    const controls = vi.fn();
    endpoint.onMessage(bytes);
    endpoint.onControl(controls);
    endpoint.send(Uint8Array.of(1, 2));
    endpoint.sendControl({ type: 'credentials' });
    page.postMessage(Uint8Array.of(3).buffer);
    page.postMessage({ type: 'ack', bytes: 2 });
    page.postMessage('not a control message');
    await settle();
    expect(received).toEqual([Uint8Array.of(1, 2), { type: 'credentials' }]);
    expect(bytes).toHaveBeenCalledExactlyOnceWith(Uint8Array.of(3));
    expect(controls).toHaveBeenCalledExactlyOnceWith({ type: 'ack', bytes: 2 });
    page.close();
  });

  it('copies a view of a larger buffer, so a pooled chunk is not cloned whole', async () => {
    const { endpoint, received, settle } = pair();
    const pool = new Uint8Array(65_536);
    endpoint.send(pool.subarray(10, 14));
    await settle();
    expect((received[0] as Uint8Array).buffer.byteLength).toBe(4);
  });

  it('ends with an explicit message that says why, then closes; only once', async () => {
    const { endpoint, received, settle } = pair();
    const closed = vi.fn();
    endpoint.onClose(closed);
    endpoint.close({ code: 'UNREACHABLE', message: 'gone' });
    endpoint.close();
    endpoint.send(Uint8Array.of(9));
    await settle();
    expect(received).toEqual([{ type: 'end', error: { code: 'UNREACHABLE', message: 'gone' } }]);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('treats the page’s end message as the end, without waiting for a close event', async () => {
    const { endpoint, page, received, settle } = pair();
    const closed = vi.fn();
    endpoint.onClose(closed);
    page.postMessage({ type: 'end' });
    await settle();
    expect(closed).toHaveBeenCalledTimes(1);
    // main does not answer an end with an end.
    expect(received).toEqual([]);
  });
});
