import { describe, expect, it, vi } from 'vitest';

import { contract } from '../common/contract';
import type { Envelope } from '../common/errors';
import { buildApi, type Transport } from './expose';

function fakeTransport(answer: Envelope<unknown> = { result: 'ok' }) {
  let emit: (name: string, payload: unknown) => void = () => undefined;
  const transport: Transport = {
    invoke: vi.fn(() => Promise.resolve(answer)),
    listen: (listener) => {
      emit = listener;
    },
    openStream: vi.fn(() => Promise.resolve({ result: null })),
  };
  return { transport, emit: (name: string, payload: unknown) => emit(name, payload) };
}

describe('the exposed API', () => {
  it('has one method per contract request, nested by namespace, and nothing else', () => {
    const api = buildApi(contract, fakeTransport().transport);
    const namespaces = new Set(Object.keys(contract.requests).map((channel) => channel.split('.')[0]));
    expect(Object.keys(api).sort()).toEqual([...namespaces, 'on', 'openStream'].sort());
    expect(Object.keys(api.app).sort()).toEqual(['diagnostics', 'info']);
    expect(Object.keys(api.profiles)).toContain('test');
  });

  it('is frozen all the way down', () => {
    const api = buildApi(contract, fakeTransport().transport);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    expect(() => {
      (api.app as Record<string, unknown>).info = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('sends the channel name and arguments, and resolves with the result', async () => {
    const { transport } = fakeTransport({ result: { version: '1.0.0' } });
    const api = buildApi(contract, transport);
    await expect(api.app.info()).resolves.toEqual({ version: '1.0.0' });
    expect(transport.invoke).toHaveBeenCalledWith('app.info', undefined);
  });

  it('rejects with a plain typed error object that survives the context bridge', async () => {
    const { transport } = fakeTransport({ error: { code: 'TIMEOUT', message: 'vCenter did not answer' } });
    const failure: unknown = await buildApi(contract, transport)
      .app.info()
      .catch((e: unknown) => e);
    expect(failure).toEqual({ name: 'VantageError', code: 'TIMEOUT', message: 'vCenter did not answer' });
    expect(Object.getPrototypeOf(failure)).toBe(Object.prototype);
  });

  it('delivers events without the IPC event, and stops after unsubscribe', () => {
    const { transport, emit } = fakeTransport();
    const api = buildApi(contract, transport);
    const heard: unknown[][] = [];
    const stop = api.on('app.notice', (...args: unknown[]) => heard.push(args));
    emit('app.notice', { level: 'info', message: 'one' });
    stop();
    emit('app.notice', { level: 'info', message: 'two' });
    expect(heard).toEqual([[{ level: 'info', message: 'one' }]]);
  });

  it('refuses unknown events and streams', async () => {
    const api = buildApi(contract, fakeTransport().transport);
    expect(() => api.on('ipc.raw' as 'app.notice', () => undefined)).toThrow(/Unknown event/);
    await expect(api.openStream('shell.exec' as never, {} as never, 'n')).rejects.toMatchObject({
      code: 'UNKNOWN_CHANNEL',
    });
  });
});
