import { afterEach, describe, expect, it, vi } from 'vitest';

import { CONSOLE_FLOW } from '../../common/consoles';
import { piecesOf, PIECE_BYTES, VncChannel } from '../../renderer/src/lib/vnc-channel';

// noVNC's own Websock, loaded by path: the package exports only core/rfb.js, but attach() is what must accept us.
interface Websock {
  attach(channel: unknown): void;
  readonly readyState: string;
  on(event: 'message' | 'open' | 'close', handler: (event?: CloseEvent) => void): void;
  rQlen: number;
  rQshiftBytes(length: number): Uint8Array;
  sQpushBytes(bytes: Uint8Array): void;
  flush(): void;
}
const websockPath = '../../node_modules/@novnc/novnc/core/websock.js';
const loadWebsock = async (): Promise<new () => Websock> =>
  ((await import(/* @vite-ignore */ websockPath)) as { default: new () => Websock }).default;

const open: MessageChannel[] = [];
afterEach(() => {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** An open channel over a fresh MessageChannel; `main` is the far end, as main's port endpoint would see it. */
function setup(hooks: ConstructorParameters<typeof VncChannel>[0] = {}) {
  const pair = new MessageChannel();
  open.push(pair);
  const fromPage: unknown[] = [];
  pair.port2.onmessage = (event: MessageEvent<unknown>) => fromPage.push(event.data);
  const channel = new VncChannel(hooks);
  channel.open(pair.port1);
  return { channel, main: pair.port2, fromPage };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe('the noVNC channel over a MessagePort', () => {
  it('has every member noVNC looks for on the object or its direct prototype', () => {
    const { channel } = setup();
    const seen = [...Object.keys(channel), ...Object.getOwnPropertyNames(Object.getPrototypeOf(channel))];
    for (const name of [
      'send',
      'close',
      'binaryType',
      'onerror',
      'onmessage',
      'onopen',
      'protocol',
      'readyState',
    ])
      expect(seen).toContain(name);
  });

  it('is accepted by noVNC’s Websock, connecting until main has opened the stream', async () => {
    const Websock = await loadWebsock();
    const pair = new MessageChannel();
    open.push(pair);
    const fromPage: unknown[] = [];
    pair.port2.onmessage = (event: MessageEvent<unknown>) => fromPage.push(event.data);
    const main = pair.port2;
    const channel = new VncChannel();
    const sock = new Websock();
    const received = vi.fn();
    const opened = vi.fn();
    sock.on('message', received);
    sock.on('open', opened);
    sock.attach(channel);
    expect(sock.readyState).toBe('connecting');
    channel.open(pair.port1);
    expect(sock.readyState).toBe('open');
    expect(opened).toHaveBeenCalledTimes(1);
    main.postMessage(Uint8Array.of(82, 70, 66).buffer);
    await settle();
    expect(received).toHaveBeenCalledTimes(1);
    expect([...sock.rQshiftBytes(3)]).toEqual([82, 70, 66]);
    sock.sQpushBytes(Uint8Array.of(1, 2, 3));
    sock.flush();
    await settle();
    expect(fromPage.map((d) => [...new Uint8Array(d as ArrayBuffer)])).toEqual([[1, 2, 3]]);
  });

  it('copies what noVNC sends before the buffer is reused', async () => {
    const { channel, fromPage } = setup();
    const queue = new Uint8Array(16);
    queue.set([4, 1, 0, 0, 0, 0, 0, 0x61]);
    channel.send(new Uint8Array(queue.buffer, 0, 8));
    queue.fill(0);
    await settle();
    expect([...new Uint8Array(fromPage[0] as ArrayBuffer)]).toEqual([4, 1, 0, 0, 0, 0, 0, 0x61]);
  });

  it('hands bytes to noVNC as ArrayBuffers, whether main sent buffers or typed arrays', async () => {
    const { channel, main } = setup();
    const seen: unknown[] = [];
    channel.onmessage = (event) => seen.push(event.data);
    main.postMessage(Uint8Array.of(1, 2).buffer);
    main.postMessage(new Uint8Array(Uint8Array.of(9, 3, 4).buffer, 1, 2));
    await settle();
    // By tag: the test's MessageChannel is Node's, whose buffers belong to another realm than jsdom's.
    expect(seen.map((d) => Object.prototype.toString.call(d))).toEqual([
      '[object ArrayBuffer]',
      '[object ArrayBuffer]',
    ]);
    expect(seen.map((d) => [...new Uint8Array(d as ArrayBuffer)])).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('hands a large message to noVNC in pieces, in order, within the same task', async () => {
    const { channel, main } = setup();
    const seen: number[] = [];
    let tasks = 0;
    channel.onmessage = (event) => {
      seen.push((event.data as ArrayBuffer).byteLength);
      // Every piece arrives before anything else runs: noVNC sees one burst, as main sent it.
      if (seen.length === 1) void Promise.resolve().then(() => (tasks = seen.length));
    };
    const message = new Uint8Array(PIECE_BYTES * 2 + 5).map((_, i) => i % 251);
    main.postMessage(message.buffer, [message.buffer]);
    await settle();
    expect(seen).toEqual([PIECE_BYTES, PIECE_BYTES, 5]);
    expect(tasks).toBe(3);
  });

  it('cuts messages into pieces that join up to the same bytes, copying only what it must', () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const contents = (pieces: ArrayBuffer[] | undefined) =>
      pieces?.map((piece) => [...new Uint8Array(piece)]);
    // Small enough and its own buffer: passed on as it is.
    expect(piecesOf(bytes.buffer, 16)?.[0]).toBe(bytes.buffer);
    expect(piecesOf(bytes, 16)?.[0]).toBe(bytes.buffer);
    expect(contents(piecesOf(bytes.buffer, 4))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    // A view on part of a buffer (the harness's bytes after its stream header) is copied out.
    const view = bytes.subarray(3);
    expect(piecesOf(view, 16)?.[0]).not.toBe(bytes.buffer);
    expect(contents(piecesOf(view, 16))).toEqual([[3, 4, 5, 6, 7, 8, 9]]);
    expect(contents(piecesOf(view, 5))).toEqual([
      [3, 4, 5, 6, 7],
      [8, 9],
    ]);
    expect(piecesOf({ type: 'ack' }, 16)).toBeUndefined();
  });

  it('acknowledges what it has handed on, for main’s flow control', async () => {
    const { channel, main, fromPage } = setup();
    channel.onmessage = () => undefined;
    const chunk = new Uint8Array(CONSOLE_FLOW.ackEveryBytes / 2);
    for (let i = 0; i < 3; i++) main.postMessage(chunk.slice().buffer);
    await settle();
    expect(fromPage).toEqual([{ type: 'ack', bytes: CONSOLE_FLOW.ackEveryBytes }]);
  });

  it('passes control messages on, and reports main’s end with its reason before noVNC’s close event', async () => {
    const onControl = vi.fn();
    const onEnd = vi.fn();
    const { channel, main } = setup({ onControl, onEnd });
    const closed = new Promise<CloseEvent>((resolve) => (channel.onclose = resolve));
    main.postMessage({ type: 'credentials' });
    main.postMessage({ type: 'end', error: { code: 'AUTH_FAILED', message: 'wrong password' } });
    await settle();
    expect(onControl).toHaveBeenCalledExactlyOnceWith({ type: 'credentials' });
    expect(onEnd).toHaveBeenCalledExactlyOnceWith({ code: 'AUTH_FAILED', message: 'wrong password' });
    expect(channel.readyState).toBe(3);
    expect((await closed).wasClean).toBe(false);
  });

  it('reports a stream that could not be opened as a closed connection, with main’s reason', async () => {
    const onEnd = vi.fn();
    const channel = new VncChannel({ onEnd });
    const closed = new Promise<CloseEvent>((resolve) => (channel.onclose = resolve));
    channel.abort({ code: 'UNREACHABLE', message: 'refused' });
    expect(onEnd).toHaveBeenCalledExactlyOnceWith({ code: 'UNREACHABLE', message: 'refused' });
    expect((await closed).wasClean).toBe(false);
    // A port that arrives after the viewer gave up is ended at once.
    const pair = new MessageChannel();
    open.push(pair);
    const late = new Promise<unknown>((resolve) => (pair.port2.onmessage = (event) => resolve(event.data)));
    channel.open(pair.port1);
    expect(await late).toEqual({ type: 'end' });
  });

  it('ends explicitly when noVNC closes it, and sends nothing after', async () => {
    const onEnd = vi.fn();
    const { channel, fromPage } = setup({ onEnd });
    channel.close();
    channel.send(Uint8Array.of(1));
    channel.sendControl({ type: 'ack', bytes: 1 });
    await settle();
    expect(fromPage).toEqual([{ type: 'end' }]);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(undefined);
  });

  it('measures the time from a key press to the server’s next bytes', async () => {
    let now = 100;
    const onEcho = vi.fn();
    const { channel, main } = setup({ onEcho, now: () => now });
    channel.onmessage = () => undefined;
    // A pointer event does not start a measurement; a KeyEvent press does.
    channel.send(Uint8Array.of(5, 0, 0, 10, 0, 10));
    channel.send(Uint8Array.of(4, 1, 0, 0, 0, 0, 0, 0x61));
    now = 123;
    main.postMessage(Uint8Array.of(0).buffer);
    main.postMessage(Uint8Array.of(0).buffer);
    await settle();
    expect(onEcho).toHaveBeenCalledExactlyOnceWith(23);
  });
});
