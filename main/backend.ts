import type { AppInfo } from '../common/app';
import type { VantageContract } from '../common/contract';
import { createEventBus, type EventBus } from './ipc/events';
import type { RequestHandlers, StreamHandlers } from './ipc/router';
import { describeApp } from './services/app-info';
import { diskProbe, networkProbe, runDiagnostics, type Probe } from './services/diagnostics';
import { keychainProbe } from './services/keychain-probe';

export interface BackendOptions {
  version: string;
  dataDirectory: string;
  runtime: AppInfo['runtime'];
  processVersions: Readonly<Record<string, string | undefined>>;
  /** Replace a subsystem probe (unit tests). */
  probes?: Partial<Record<'keychain' | 'network' | 'disk', Probe>>;
}

export interface Backend {
  bus: EventBus<VantageContract>;
  handlers: RequestHandlers<VantageContract>;
  streams: StreamHandlers<VantageContract>;
}

/**
 * The composition root of main's services. The Electron shell and the browser harness both build exactly this and
 * register it through the same IPC wrapper; nothing here imports electron.
 */
export function createBackend(options: BackendOptions): Backend {
  const bus = createEventBus<VantageContract>();
  const probes = {
    keychain: options.probes?.keychain ?? keychainProbe(),
    network: options.probes?.network ?? networkProbe(),
    disk: options.probes?.disk ?? diskProbe(options.dataDirectory),
  };
  const handlers: RequestHandlers<VantageContract> = {
    'app.info': () =>
      describeApp({
        name: 'Vantage',
        version: options.version,
        dataDirectory: options.dataDirectory,
        runtime: options.runtime,
        processVersions: options.processVersions,
      }),
    'app.diagnostics': () => runDiagnostics(probes),
  };
  return { bus, handlers, streams: {} };
}
