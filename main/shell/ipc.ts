import {
  ipcMain,
  MessageChannelMain,
  type IpcMainInvokeEvent,
  type MessagePortMain,
  type WebContents,
} from 'electron';

import { contract, type VantageContract } from '../../common/contract';
import type { Backend } from '../backend';
import { CHANNEL } from '../../preload/channels';
import { portEndpoint, type PortLike } from '../ipc/port-endpoint';
import { createIpcRouter } from '../ipc/router';
import { checkElectronSender, type ElectronSender } from '../ipc/senders';

function senderOf(event: IpcMainInvokeEvent): ElectronSender {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

function electronPort(port: MessagePortMain): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

/** Wires the shared IPC wrapper to Electron: one invoke channel for requests, one for streams, one for events. */
export function registerIpc(backend: Backend, windows: () => readonly WebContents[]): void {
  const router = createIpcRouter<VantageContract, ElectronSender>({
    contract,
    handlers: backend.handlers,
    streams: backend.streams,
    checkSender: checkElectronSender,
    onError: (channel, error) => {
      if (error.code === 'INTERNAL' || error.code === 'FORBIDDEN_SENDER')
        console.error(`ipc ${channel}: ${error.message}`);
    },
  });
  ipcMain.handle(CHANNEL.request, (event, channel: unknown, args: unknown) =>
    router.handle(channel, args, senderOf(event)),
  );
  ipcMain.handle(CHANNEL.streamOpen, async (event, name: unknown, args: unknown, nonce: unknown) => {
    const { port1, port2 } = new MessageChannelMain();
    // The router answers a name of any type (a String() here would throw on `{toString: 1}`).
    const answer = await router.openStream(name, args, senderOf(event), portEndpoint(electronPort(port1)));
    if ('result' in answer && typeof nonce === 'string') {
      port1.start();
      event.sender.postMessage(CHANNEL.streamPort, nonce, [port2]);
    }
    return answer;
  });
  backend.bus.subscribe((name, payload) => {
    for (const contents of windows())
      if (!contents.isDestroyed()) contents.send(CHANNEL.event, name, payload);
  });
}
