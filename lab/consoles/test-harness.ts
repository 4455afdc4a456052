/** Shared set-up for the console tests: registries and clients that are all torn down after each test. */
import type { ConsoleRegistry } from '../core/types';
import { createConsoleRegistry } from './index';
import { RfbRefused, SocketReader, TestRfbClient } from './test-client';

export const HOST = '127.0.0.1';
export const PASSWORD = 'lab-secret';
export const LABEL = 'web-01 (vCenter, Linux)';

export interface Harness {
  /** Messages the registries logged (dropped connections and why). */
  logs: string[];
  registry: (options?: { vncTarget?: string; password?: string }) => ConsoleRegistry;
  /** A fresh registry with one console open: its port. */
  openConsole: (label?: string) => Promise<number>;
  client: (
    port: number,
    options?: { password?: string; version?: '3.3' | '3.7' | '3.8' },
  ) => Promise<TestRfbClient>;
  rawSocket: (port: number) => Promise<SocketReader>;
  /** Connects expecting a refusal, and returns it. */
  refusal: (port: number, password: string) => Promise<RfbRefused>;
  cleanup: () => Promise<void>;
}

export function createHarness(): Harness {
  const registries: ConsoleRegistry[] = [];
  const connections: { close(): void }[] = [];
  const logs: string[] = [];

  const harness: Harness = {
    logs,
    registry(options = {}) {
      const created = createConsoleRegistry({
        host: HOST,
        password: options.password ?? PASSWORD,
        log: (message) => logs.push(message),
        ...(options.vncTarget ? { vncTarget: options.vncTarget } : {}),
      });
      registries.push(created);
      return created;
    },
    async openConsole(label = LABEL) {
      return (await harness.registry().open('vcenter:vm-1', label)).port;
    },
    async client(port, options = {}) {
      const client = await TestRfbClient.connect({ host: HOST, port, password: PASSWORD, ...options });
      connections.push(client);
      return client;
    },
    async rawSocket(port) {
      const reader = await SocketReader.connect(HOST, port);
      connections.push(reader);
      return reader;
    },
    async refusal(port, password) {
      const outcome: unknown = await TestRfbClient.connect({ host: HOST, port, password }).then(
        (client) => {
          client.close();
          return new Error('connected');
        },
        (reason: unknown) => reason,
      );
      if (!(outcome instanceof RfbRefused)) throw new Error(`expected a refusal, got ${String(outcome)}`);
      return outcome;
    },
    async cleanup() {
      for (const connection of connections.splice(0)) connection.close();
      await Promise.all(registries.splice(0).map((registry) => registry.close()));
      logs.length = 0;
    },
  };
  return harness;
}
