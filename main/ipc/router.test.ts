import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';

import { VantageError } from '../../common/errors';
import { request, stream } from '../../common/ipc';
import { createIpcRouter, type StreamEndpoint } from './router';

const contract = {
  requests: {
    'vm.start': request<string>()(z.object({ id: z.string().min(1) }).strict(), 'start'),
    'vm.list': request<string[]>()(z.undefined(), 'list'),
  },
  events: {},
  streams: { 'vm.console': stream(z.object({ id: z.string() }).strict(), 'console') },
};

function setup(refuse?: string) {
  const start = vi.fn(({ id }: { id: string }) => {
    if (id === 'locked') throw new VantageError('CONFLICT', 'VM has pending tasks', { task: 't-1' });
    if (id === 'bug') throw new TypeError('cannot read properties of undefined');
    return `started ${id}`;
  });
  const open = vi.fn(() => Promise.resolve());
  const router = createIpcRouter({
    contract,
    handlers: { 'vm.start': start, 'vm.list': () => ['a', 'b'] },
    streams: { 'vm.console': open },
    checkSender: (sender: { ok: boolean }) => (sender.ok ? undefined : (refuse ?? 'nope')),
  });
  return { router, start, open };
}

const trusted = { ok: true };

describe('IPC router', () => {
  it('answers a valid request with its result', async () => {
    const { router } = setup();
    expect(await router.handle('vm.start', { id: 'vm-1' }, trusted)).toEqual({ result: 'started vm-1' });
    expect(await router.handle('vm.list', undefined, trusted)).toEqual({ result: ['a', 'b'] });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    const { router } = setup();
    for (const channel of ['vm.delete', 'constructor', '__proto__', 'toString'])
      expect(await router.handle(channel, {}, trusted)).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('answers any channel value with a typed error, never a throw (issue #11 item 7)', async () => {
    const { router, start } = setup();
    const throwing = {
      toString: () => {
        throw new Error('toString was called');
      },
    };
    const channels: unknown[] = [
      throwing,
      { toString: 1 },
      Object.create(null),
      Symbol('vm.start'),
      null,
      undefined,
      42,
      ['vm.start'],
      'x'.repeat(10 * 1024 * 1024),
    ];
    for (const channel of channels) {
      const answer = await router.handle(channel, { id: 'vm-1' }, trusted);
      expect(answer).toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
      expect(JSON.stringify(answer).length).toBeLessThan(300);
      const endpoint = { close: vi.fn() } as unknown as StreamEndpoint;
      expect(await router.openStream(channel, { id: 'vm-1' }, trusted, endpoint)).toMatchObject({
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    }
    expect(start).not.toHaveBeenCalled();
  });

  it('answers arguments too deep or too wrong to read with INVALID_ARGUMENT, briefly', async () => {
    const { router } = setup();
    const manyKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    const answer = await router.handle('vm.start', { id: 'vm-1', ...manyKeys }, trusted);
    expect(answer).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(answer).length).toBeLessThan(200_000);
  });

  it('refuses an untrusted sender before validating or running anything', async () => {
    const { router, start } = setup('IPC from a sub-frame');
    expect(await router.handle('vm.start', { id: 'vm-1' }, { ok: false })).toEqual({
      error: { code: 'FORBIDDEN_SENDER', message: 'Refused: IPC from a sub-frame' },
    });
    expect(start).not.toHaveBeenCalled();
  });

  it('rejects invalid arguments with the field at fault and never calls the service', async () => {
    const { router, start } = setup();
    const wrongType = await router.handle('vm.start', { id: 42 }, trusted);
    const extraKey = await router.handle('vm.start', { id: 'x', force: true }, trusted);
    const missing = await router.handle('vm.start', undefined, trusted);
    expect(wrongType).toMatchObject({
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^Invalid argument: id:/) as unknown,
      },
    });
    expect(extraKey).toMatchObject({
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('force') as unknown },
    });
    expect(missing).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(start).not.toHaveBeenCalled();
  });

  it('turns a service error into a typed error and keeps serving', async () => {
    const { router } = setup();
    expect(await router.handle('vm.start', { id: 'locked' }, trusted)).toEqual({
      error: { code: 'CONFLICT', message: 'VM has pending tasks', details: { task: 't-1' } },
    });
    expect(await router.handle('vm.start', { id: 'bug' }, trusted)).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'Unexpected error in Vantage: cannot read properties of undefined',
      },
    });
    expect(await router.handle('vm.start', { id: 'vm-2' }, trusted)).toEqual({ result: 'started vm-2' });
  });

  it('opens streams through the same checks and closes the endpoint when opening fails', async () => {
    const { router, open } = setup();
    const endpoint: StreamEndpoint = {
      send: vi.fn(),
      sendControl: vi.fn(),
      onMessage: vi.fn(),
      onControl: vi.fn(),
      onClose: vi.fn(),
      close: vi.fn(),
    };
    expect(await router.openStream('vm.console', { id: 'vm-1' }, trusted, endpoint)).toEqual({
      result: null,
    });
    expect(open).toHaveBeenCalledWith({ id: 'vm-1' }, endpoint);
    expect(await router.openStream('vm.console', { id: 1 }, trusted, endpoint)).toMatchObject({
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await router.openStream('vm.shell', {}, trusted, endpoint)).toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    open.mockRejectedValueOnce(new VantageError('UNREACHABLE', 'console endpoint unreachable'));
    expect(await router.openStream('vm.console', { id: 'vm-1' }, trusted, endpoint)).toMatchObject({
      error: { code: 'UNREACHABLE' },
    });
    // The page learns why through the end message, should its port already exist.
    expect(endpoint.close).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ code: 'UNREACHABLE', message: 'console endpoint unreachable' }),
    );
  });
});
