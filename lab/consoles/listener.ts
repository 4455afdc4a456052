import { createServer, type AddressInfo, type Socket } from 'node:net';

export type ConnectionHandler = (socket: Socket) => void;

export interface ConsoleListener {
  port: number;
  /** Stops listening and destroys every connection; resolves once all of them are gone. */
  close(): Promise<void>;
}

/** A TCP listener on an ephemeral port that keeps track of its sockets so that close() frees everything. */
export async function startListener(
  host: string,
  handle: ConnectionHandler,
  log: (message: string) => void,
): Promise<ConsoleListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Handlers add their own listeners; this one only guarantees that no socket error ever crashes the lab.
    socket.on('error', () => undefined);
    try {
      handle(socket);
    } catch (error) {
      log(`console connection failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`console listener error: ${error.message}`));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
