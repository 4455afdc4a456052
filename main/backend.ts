import type { AppInfo } from '../common/app';
import type { VantageContract } from '../common/contract';
import { CONNECTORS } from './connectors';
import type { ConnectorFactory } from './connectors/types';
import { createEventBus, type EventBus } from './ipc/events';
import type { RequestHandlers, StreamHandlers } from './ipc/router';
import { describeApp } from './services/app-info';
import { createConnections, type Connections } from './services/connections';
import { createDemo, DEMO_TAG } from './services/demo';
import { diskProbe, networkProbe, runDiagnostics, type Probe } from './services/diagnostics';
import { osKeychain, type Keychain } from './services/keychain';
import { keychainProbe } from './services/keychain-probe';
import { openProfileStore } from './services/profile-store';
import { createSecretsService } from './services/secrets';
import type { VendorId } from '../common/vendors';

export interface BackendOptions {
  version: string;
  dataDirectory: string;
  runtime: AppInfo['runtime'];
  processVersions: Readonly<Record<string, string | undefined>>;
  /** The OS keychain unless a test passes another. */
  keychain?: Keychain;
  connectors?: Readonly<Record<VendorId, ConnectorFactory>>;
  /** Replace a subsystem probe (unit tests). */
  probes?: Partial<Record<'keychain' | 'network' | 'disk', Probe>>;
}

export interface Backend {
  bus: EventBus<VantageContract>;
  handlers: RequestHandlers<VantageContract>;
  streams: StreamHandlers<VantageContract>;
  connections: Connections;
  dispose(): Promise<void>;
}

/**
 * The composition root of main's services. The Electron shell and the browser harness both build exactly this and
 * register it through the same IPC wrapper; nothing here imports electron.
 */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  const bus = createEventBus<VantageContract>();
  const keychain = options.keychain ?? osKeychain();
  const probes = {
    keychain: options.probes?.keychain ?? keychainProbe(keychain),
    network: options.probes?.network ?? networkProbe(),
    disk: options.probes?.disk ?? diskProbe(options.dataDirectory),
  };
  const store = await openProfileStore(options.dataDirectory);
  const connections = createConnections({
    store,
    secrets: createSecretsService(keychain),
    connectors: options.connectors ?? CONNECTORS,
  });
  const demo = createDemo(connections);
  const changed = <T>(result: T, ids: string[]): T => {
    bus.publish('profiles.changed', { ids });
    return result;
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
    'profiles.list': () => connections.list(),
    'profiles.create': async ({ profile, secret, keep }) => {
      const created = await connections.create(profile, { secret, keep });
      return changed(created, [created.id]);
    },
    'profiles.update': async ({ id, profile, secret, keep }) =>
      changed(await connections.update(id, profile, { secret, keep }), [id]),
    'profiles.duplicate': ({ id }) => {
      const copy = connections.duplicate(id);
      return changed(copy, [copy.id]);
    },
    'profiles.remove': async ({ id }) => {
      await connections.remove(id);
      return changed(null, [id]);
    },
    'profiles.export': ({ ids }) => connections.exportJson(ids),
    'profiles.import': ({ json }) => {
      const added = connections.importJson(json);
      return changed(
        added,
        added.map((p) => p.id),
      );
    },
    'profiles.test': ({ id }) => connections.test(id),
    'profiles.trust': async ({ id, fingerprint256 }) =>
      changed(await connections.trust(id, fingerprint256), [id]),
    'demo.open': async () => {
      const views = await demo.open();
      return changed(
        views,
        views.map((p) => p.id),
      );
    },
  };

  if (store.recoveredFrom)
    queueMicrotask(() =>
      bus.publish('app.notice', {
        level: 'warning',
        message: `The profiles file was damaged; it was kept as ${store.recoveredFrom} and readable profiles were loaded.`,
      }),
    );
  // Demo profiles point at a lab that lives in this process: bring it back after a restart.
  if (connections.list().some((p) => p.tags.includes(DEMO_TAG))) void demo.open().catch(() => undefined);

  return {
    bus,
    handlers,
    streams: {},
    connections,
    async dispose() {
      await connections.close();
      await demo.stop();
    },
  };
}
