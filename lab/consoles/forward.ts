import { connect, type Socket } from 'node:net';

import type { ConnectionHandler } from './listener';

export interface VncTarget {
  host: string;
  port: number;
}

/** Parses "host:port" or "[v6-address]:port". */
export function parseVncTarget(text: string): VncTarget {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!host || !(port > 0 && port < 65536))
    throw new Error(`invalid VNC target "${text}": expected host:port`);
  return { host, port };
}

/** Each client is piped byte for byte to the real VNC server, which does the authentication. */
export function forwardTo(target: VncTarget, log: (message: string) => void): ConnectionHandler {
  return (client: Socket) => {
    const upstream = connect({ host: target.host, port: target.port });
    const abort = (reason: string): void => {
      log(`console forward ${client.remoteAddress ?? '?'} -> ${target.host}:${target.port}: ${reason}`);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', (error) => abort(error.message));
    client.on('error', (error) => abort(error.message));
    // A clean end on one side half-closes the other through pipe(); a destroyed side takes the other with it.
    client.on('close', () => upstream.destroy());
    upstream.on('close', (hadError) => {
      if (hadError) client.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  };
}
