import { beforeAll, describe, expect, it, vi } from 'vitest';

import { contract } from '../../common/contract';
import { CHANNEL } from '../../preload/channels';

// The real preload module, with Electron's renderer API replaced by recorders: what electronegativity cannot check.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
}));
vi.mock('electron', () => electron);

const postMessage = vi.fn();
type Handler = (event: { ports: unknown[] }, ...args: unknown[]) => void;
const handlerFor = (channel: string): Handler =>
  electron.ipcRenderer.on.mock.calls.find(([name]) => name === channel)?.[1] as Handler;

beforeAll(async () => {
  vi.stubGlobal('window', { postMessage, location: { origin: 'vantage://app' } });
  await import('../../preload/index');
});

describe('the Electron preload', () => {
  it('exposes exactly one namespace, `vantage`, and no Electron object', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, unknown>,
    ];
    expect(name).toBe('vantage');
    const namespaces = new Set(Object.keys(contract.requests).map((channel) => channel.split('.')[0]));
    expect(Object.keys(api).sort()).toEqual([...namespaces, 'on', 'openStream'].sort());
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('listens only on its own channels', () => {
    expect(electron.ipcRenderer.on.mock.calls.map(([channel]) => channel as string).sort()).toEqual(
      [CHANNEL.event, CHANNEL.streamPort].sort(),
    );
  });

  it('sends requests through the single request channel', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ result: { version: '9' } });
    const api = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as {
      app: { info(): Promise<unknown> };
    };
    await expect(api.app.info()).resolves.toEqual({ version: '9' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(CHANNEL.request, 'app.info', undefined);
  });

  it('hands the page the payload of an event, never the IPC event', () => {
    const api = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as {
      on(name: string, cb: (...args: unknown[]) => void): () => void;
    };
    const heard: unknown[][] = [];
    api.on('app.notice', (...args) => heard.push(args));
    const ipcEvent = { ports: [], sender: { send: vi.fn() } };
    handlerFor(CHANNEL.event)(ipcEvent, 'app.notice', { level: 'info', message: 'hello' });
    expect(heard).toEqual([[{ level: 'info', message: 'hello' }]]);
  });

  it('moves a stream port to the page only with a nonce, to its own origin', () => {
    const port = { postMessage: vi.fn() };
    handlerFor(CHANNEL.streamPort)({ ports: [port] }, 'nonce-1');
    handlerFor(CHANNEL.streamPort)({ ports: [port] }, { not: 'a nonce' });
    handlerFor(CHANNEL.streamPort)({ ports: [] }, 'nonce-2');
    expect(postMessage).toHaveBeenCalledTimes(1);
    expect(postMessage).toHaveBeenCalledWith({ vantageStream: 'nonce-1' }, 'vantage://app', [port]);
  });
});
