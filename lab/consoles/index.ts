import type { ConsoleEndpoint, ConsoleRegistry } from '../core/types';
import { createAuthBlacklist } from './blacklist';
import { forwardTo, parseVncTarget } from './forward';
import { startListener, type ConnectionHandler, type ConsoleListener } from './listener';
import { refuseBlacklisted, RfbConnection } from './rfb-connection';
import { ConsoleScreen } from './screen';

export interface ConsoleRegistryOptions {
  host: string;
  /** Forward every console to this real VNC server (host:port) instead of the built-in RFB server. */
  vncTarget?: string;
  password: string;
  /** Where dropped connections are reported (default: console.warn). */
  log?: (message: string) => void;
}

function warn(message: string): void {
  console.warn(`[lab consoles] ${message}`);
}

/** The built-in RFB server of one machine: its screen is drawn at the first connection and shared by all. */
function builtInConsole(label: string, password: string, log: (message: string) => void): ConnectionHandler {
  let screen: ConsoleScreen | undefined;
  // Per listener, as each real machine console is its own VNC server.
  const blacklist = createAuthBlacklist();
  return (socket) => {
    if (blacklist.isBlocked(socket.remoteAddress ?? 'unknown')) {
      log(`console "${label}" refused ${socket.remoteAddress ?? '?'}: too many security failures`);
      refuseBlacklisted(socket);
      return;
    }
    screen ??= new ConsoleScreen(label);
    new RfbConnection(socket, { label, password, screen, blacklist, log });
  };
}

export function createConsoleRegistry(options: ConsoleRegistryOptions): ConsoleRegistry {
  const target = options.vncTarget === undefined ? undefined : parseVncTarget(options.vncTarget);
  const log = options.log ?? warn;
  const listeners = new Map<string, Promise<ConsoleListener>>();
  let closed = false;

  return {
    async open(machineKey, label): Promise<ConsoleEndpoint> {
      if (closed) throw new Error('the console registry is closed');
      let listener = listeners.get(machineKey);
      if (!listener) {
        const handler = target ? forwardTo(target, log) : builtInConsole(label, options.password, log);
        listener = startListener(options.host, handler, log);
        listeners.set(machineKey, listener);
        // A failed start is forgotten so that a later open() can retry.
        listener.catch(() => listeners.delete(machineKey));
      }
      const { port } = await listener;
      return { host: options.host, port, password: options.password };
    },
    async close() {
      closed = true;
      const all = [...listeners.values()];
      listeners.clear();
      await Promise.all(
        all.map((listener) =>
          listener.then(
            (l) => l.close(),
            () => undefined,
          ),
        ),
      );
    },
  };
}
