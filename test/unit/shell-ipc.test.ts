import { describe, expect, it, vi } from 'vitest';

import { CHANNEL } from '../../preload/channels';

// The shell's IPC wiring with Electron's main API replaced by recorders: the sender check happens on every channel.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  return {
    handlers,
    ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn) },
    MessageChannelMain: class {
      port1 = {
        on: () => undefined,
        start: () => undefined,
        close: () => undefined,
        postMessage: () => undefined,
      };
      port2 = {};
    },
  };
});
vi.mock('electron', () => electron);

const { registerIpc } = await import('../../main/shell/ipc');
const { createBackend } = await import('../../main/backend');

const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
registerIpc(
  await createBackend({
    version: '1.2.3',
    dataDirectory: '/tmp/vantage-shell-test',
    runtime: 'electron',
    processVersions: { node: '24', electron: '45' },
    probes: { keychain: ok, network: ok, disk: ok },
  }),
  () => [],
);

function eventFrom(url: string, mainFrame = true) {
  const frame = { url };
  return { senderFrame: frame, sender: { mainFrame: mainFrame ? frame : {}, postMessage: vi.fn() } };
}

const invoke = (event: unknown, channel: unknown, args?: unknown) =>
  electron.handlers.get(CHANNEL.request)?.(event, channel, args) as Promise<unknown>;

describe('the Electron shell IPC', () => {
  it('registers only the request and stream channels', () => {
    expect([...electron.handlers.keys()].sort()).toEqual([CHANNEL.request, CHANNEL.streamOpen].sort());
  });

  it('answers the app page', async () => {
    await expect(invoke(eventFrom('vantage://app/index.html'), 'app.info')).resolves.toMatchObject({
      result: { version: '1.2.3', runtime: 'electron', versions: { electron: '45' } },
    });
  });

  it('refuses other pages and sub-frames', async () => {
    await expect(invoke(eventFrom('https://evil.example/'), 'app.info')).resolves.toMatchObject({
      error: { code: 'FORBIDDEN_SENDER' },
    });
    await expect(invoke(eventFrom('vantage://app/index.html', false), 'app.info')).resolves.toMatchObject({
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('answers a channel that is not a string with UNKNOWN_CHANNEL (a structured clone can carry {toString: 1})', async () => {
    const event = eventFrom('vantage://app/index.html');
    for (const channel of [{ toString: 1 }, null, 7])
      await expect(invoke(event, channel)).resolves.toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
    await expect(
      electron.handlers.get(CHANNEL.streamOpen)?.(event, { toString: 1 }, {}, 'nonce'),
    ).resolves.toMatchObject({ error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses an unknown stream without sending a port', async () => {
    const event = eventFrom('vantage://app/index.html');
    const open = electron.handlers.get(CHANNEL.streamOpen);
    await expect(open?.(event, 'shell.exec', {}, 'nonce')).resolves.toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(event.sender.postMessage).not.toHaveBeenCalled();
  });
});
