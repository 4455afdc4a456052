import { contextBridge, ipcRenderer } from 'electron';

import { contract } from '../common/contract';
import type { Envelope } from '../common/errors';
import type { StreamPortMessage } from '../common/ipc';
import { buildApi } from './expose';
import { CHANNEL } from './channels';

// The preload runs sandboxed: it sees `electron`'s renderer subset only. It exposes the contract and nothing else,
// never ipcRenderer itself, and strips the IPC event from everything it forwards.
const api = buildApi(contract, {
  invoke: (channel, args) => ipcRenderer.invoke(CHANNEL.request, channel, args) as Promise<Envelope<unknown>>,
  listen: (listener) => {
    ipcRenderer.on(CHANNEL.event, (_event, name: string, payload: unknown) => listener(name, payload));
  },
  openStream: (name, args, nonce) =>
    ipcRenderer.invoke(CHANNEL.streamOpen, name, args, nonce) as Promise<Envelope<null>>,
});

// A stream's MessagePort arrives here; it is moved into the page's world with the nonce the page chose.
ipcRenderer.on(CHANNEL.streamPort, (event, nonce: unknown) => {
  if (typeof nonce !== 'string' || event.ports.length !== 1) return;
  const message: StreamPortMessage = { vantageStream: nonce };
  window.postMessage(message, window.location.origin, [...event.ports]);
});

contextBridge.exposeInMainWorld('vantage', api);
