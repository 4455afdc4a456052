import type { ConsoleRegistry } from '../core/types';

export interface ConsoleRegistryOptions {
  host: string;
  /** Forward every console to this real VNC server (host:port) instead of the built-in RFB server. */
  vncTarget?: string;
  password: string;
}

// Placeholder until the RFB server lands.
export function createConsoleRegistry(options: ConsoleRegistryOptions): ConsoleRegistry {
  return {
    open: () => Promise.reject(new Error(`no console server yet (${options.host})`)),
    close: () => Promise.resolve(),
  };
}
