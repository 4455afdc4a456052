import type { AppInfo } from '../common/app';
import type { VantageContract } from '../common/contract';
import { CONNECTORS } from './connectors';
import type { ConnectorFactory } from './connectors/types';
import { createEventBus, type EventBus } from './ipc/events';
import type { RequestHandlers, StreamHandlers } from './ipc/router';
import { describeApp } from './services/app-info';
import { createConnections, type Connections } from './services/connections';
import { createCustomCa, type CertificateFilePicker } from './services/custom-ca';
import { createDemo, DEMO_TAG, type DemoLabOptions } from './services/demo';
import { createAuditLog } from './services/audit';
import { removeStaleTemporaryFiles } from './services/atomic-file';
import { makePrivateFolder } from './services/private-folder';
import { createConsoles } from './services/consoles';
import { diskProbe, networkProbe, runDiagnostics, type Probe } from './services/diagnostics';
import { createInventory } from './services/inventory';
import { createGuest } from './services/guest';
import { createInstances } from './services/instances';
import { createProtectionAdmin } from './services/protection-admin';
import { protectionAdminHandlers } from './services/protection-admin/handlers';
import { createStatusSides } from './services/status-sides';
import { createTasks } from './services/tasks';
import { createSessions } from './services/sessions';
import { createDrTests } from './services/sessions/dr-test';
import { consoleEvidence } from './services/sessions/evidence';
import { sessionsHandlers } from './services/sessions/handlers';
import { createProtection } from './services/protection';
import { protectionHandlers } from './services/protection/handlers';
import { downloadsHandlers } from './services/downloads/handlers';
import { createRestore } from './services/restore';
import { restoreHandlers } from './services/restore/handlers';
import { createDownloads, type DownloadsHooks } from './services/downloads';
import { osKeychain, type Keychain } from './services/keychain';
import { keychainProbe } from './services/keychain-probe';
import { openProfileStore } from './services/profile-store';
import { createSecretsService } from './services/secrets';
import { viewPrefsStore } from './services/view-prefs';
import { editablePart } from './services/profile-transfer';
import { openSettings, type SettingsService } from './services/settings';
import { VantageError } from '../common/errors';
import type { ActionSpec } from '../common/machines';
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
  /**
   * Hands a URL to the operating system's handler: the Electron shell passes `shell.openExternal`. Used only for
   * console URLs main itself obtained (VMRC tickets); without it, such consoles say they cannot start here.
   */
  launchUrl?: (url: string) => Promise<void>;
  /** main's file dialog for a profile's custom CA (Electron: `dialog.showOpenDialog`; the harness: a test hook). */
  pickCertificateFile?: CertificateFilePicker;
  /** How the demo lab starts (tests point its consoles at a real VNC server with `vncTarget`). */
  demoLab?: DemoLabOptions;
  /** Opens a folder in the system's file manager: the Electron shell passes `shell.openPath`. */
  openFolder?: (path: string) => Promise<void>;
  /** The system's Downloads folder, Show in folder, Open and the end notification (main/services/downloads/). */
  downloads?: DownloadsHooks;
  /** How often session tasks re-read a changing session (tests with a fast lab poll faster). */
  sessionPollMs?: number;
  /** The first pause between reads of a running IBM recovery (tests with a fast lab poll faster). */
  restorePollMs?: number;
}

export interface Backend {
  bus: EventBus<VantageContract>;
  handlers: RequestHandlers<VantageContract>;
  streams: StreamHandlers<VantageContract>;
  connections: Connections;
  settings: SettingsService;
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
  await makePrivateFolder(options.dataDirectory);
  await removeStaleTemporaryFiles(options.dataDirectory);
  const store = await openProfileStore(options.dataDirectory);
  const connections = createConnections({
    store,
    secrets: createSecretsService(keychain),
    connectors: options.connectors ?? CONNECTORS,
  });
  const demo = createDemo(connections, options.demoLab);
  const customCa = createCustomCa(connections, options.pickCertificateFile);
  const inventory = createInventory({ connections, bus, dataDirectory: options.dataDirectory });
  const audit = createAuditLog(options.dataDirectory);
  const viewPrefs = viewPrefsStore(options.dataDirectory);
  const tasks = createTasks({ connections, inventory, audit, bus });
  const guest = createGuest({ connections, inventory, tasks, keychain });
  const instances = createInstances({ connections, inventory, tasks });
  const protectionAdmin = createProtectionAdmin({ connections, tasks });
  const protection = createProtection({ connections, tasks });
  const statusSides = createStatusSides({ connections, inventory });
  const settings = await openSettings(options.dataDirectory, (now) => {
    inventory.setAutoRefresh(now.autoRefreshMinutes * 60);
    bus.publish('settings.changed', now);
  });
  if (settings.get().autoRefreshMinutes) inventory.setAutoRefresh(settings.get().autoRefreshMinutes * 60);
  const downloads = createDownloads({
    connections,
    bus,
    dataDirectory: options.dataDirectory,
    settings: () => settings.get(),
    ...options.downloads,
  });
  await downloads.restore();
  const sessions = createSessions({
    connections,
    tasks,
    audit,
    bus,
    ...(options.sessionPollMs ? { pollMs: options.sessionPollMs } : {}),
  });
  const consoles = createConsoles({
    // Sessions started since the last inventory refresh open their console too.
    machine: (id) => sessions.machine(id) ?? inventory.machine(id),
    connector: (profileId) => connections.connector(profileId),
    keychain,
    dataDirectory: options.dataDirectory,
    ...(options.launchUrl ? { launchUrl: options.launchUrl } : {}),
    defaults: () => settings.get().consoleDefaults,
  });
  const drTests = createDrTests({
    sessions,
    tasks,
    audit,
    bus,
    probeFrame: consoleEvidence(
      (id, signal, password) => consoles.firstFrame(id, signal, password),
      options.dataDirectory,
    ),
  });
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
      await inventory.forget(id);
      // Best effort: a keychain that cannot be reached now must not keep the profile from going.
      await consoles
        .forgetProfile(id)
        .catch((error: unknown) => console.error(`consoles: could not forget profile ${id}`, error));
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
    'profiles.chooseCa': ({ id }) => customCa.choose(id),
    'profiles.confirmCa': async ({ id, fingerprint256 }) =>
      changed(await customCa.confirm(id, fingerprint256), [id]),
    'inventory.snapshot': () => inventory.snapshot(),
    'inventory.refresh': async ({ profileIds }) => {
      // Answers at once: rows and statuses follow as events while the systems answer.
      void inventory.refresh(profileIds);
      return Promise.resolve(null);
    },
    'inventory.details': ({ id }) => inventory.details(id),
    'inventory.actions': ({ ids }) => {
      const actions: Record<string, ActionSpec[]> = {};
      const readOnly: string[] = [];
      for (const id of ids) {
        const machine = inventory.machine(id);
        actions[id] = connections.connector(machine.profileId).actions(machine);
        if (connections.get(machine.profileId).readOnly) readOnly.push(id);
      }
      return { actions, readOnly };
    },
    'inventory.autoRefresh': ({ seconds }) => {
      inventory.setAutoRefresh(seconds);
      return null;
    },
    'tasks.run': (request) => tasks.run(request),
    'tasks.list': () => tasks.list(),
    'tasks.cancel': ({ id }) => {
      tasks.cancel(id);
      return null;
    },
    'guest.run': (request) => guest.run(request),
    'guest.processes': ({ machineId, credentials }) => guest.processes(machineId, credentials),
    'guest.kill': ({ machineId, pid, credentials }) => guest.kill(machineId, pid, credentials),
    'guest.saveCredentials': ({ scope, credentials }) => guest.saveCredentials(scope, credentials),
    'guest.hasCredentials': ({ machineId }) => guest.hasCredentials(machineId),
    'instances.read': ({ machineId }) => instances.read(machineId),
    'instances.createRecord': (request) => instances.createRecord(request),
    'inventory.statusSides': ({ machineId }) => statusSides(machineId),
    'audit.list': (filter) => audit.list(filter),
    'audit.export': (filter) => audit.exportCsv(filter),
    'consoles.preferences': ({ machineId }) => consoles.preferences(machineId),
    'consoles.saveSettings': async ({ machineId, settings }) => {
      await consoles.saveSettings(machineId, settings);
      return null;
    },
    'consoles.forgetPassword': async ({ machineId }) => {
      await consoles.forgetPassword(machineId);
      return null;
    },
    'consoles.launchExternal': ({ machineId }) => consoles.launchExternal(machineId),
    'viewPrefs.get': ({ view }) => viewPrefs.get(view),
    'viewPrefs.set': async ({ view, prefs }) => {
      await viewPrefs.set(view, prefs);
      return null;
    },
    'profiles.setSecret': async ({ id, secret, keep }) =>
      changed(await connections.update(id, editablePart(store.get(id)), { secret, keep }), [id]),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'settings.openDataFolder': async () => {
      if (!options.openFolder)
        throw new VantageError(
          'UNSUPPORTED',
          `Only the desktop app opens folders; the data folder is ${options.dataDirectory}.`,
        );
      await options.openFolder(options.dataDirectory);
      return null;
    },
    ...sessionsHandlers(sessions, drTests),
    ...restoreHandlers(
      createRestore({
        connections,
        tasks,
        bus,
        ...(options.restorePollMs ? { pollMs: options.restorePollMs } : {}),
      }),
    ),
    ...downloadsHandlers(downloads, options.downloads ?? {}),
    ...protectionAdminHandlers(protectionAdmin),
    ...protectionHandlers(protection),
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
  // After a crash: keychain items no record counts on go, records whose item is gone say "secret needed". A keychain
  // that cannot be reached now leaves both as they are (nothing is lost; the next start tries again).
  void connections
    .reconcile()
    .then((ids) => ids.length && bus.publish('profiles.changed', { ids }))
    .catch(() => undefined);
  // Demo profiles point at a lab that lives in this process: bring it back after a restart.
  if (connections.list().some((p) => p.tags.includes(DEMO_TAG))) void demo.open().catch(() => undefined);

  return {
    bus,
    handlers,
    streams: {
      'consoles.open': ({ machineId }, endpoint) => consoles.open(machineId, endpoint),
    },
    connections,
    settings,
    async dispose() {
      consoles.dispose();
      tasks.dispose();
      await downloads.dispose();
      await inventory.dispose();
      await connections.close();
      await demo.stop();
    },
  };
}
