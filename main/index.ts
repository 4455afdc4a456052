import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { app, BrowserWindow, dialog, Notification, protocol, session, shell } from 'electron';

import type { Task } from '../common/inventory';

import { createBackend } from './backend';
import { applyMainHeapPolicy } from './heap-policy';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './ipc/senders';
import { contentSecurityPolicy } from './security/csp';
import { externalOpener, guardContents, guardPermissions } from './shell/guards';
import { registerIpc } from './shell/ipc';
import { resolveStaticFile } from './services/static-files';
import { windowStateStore } from './services/window-state';

// The Electron shell: lifecycle, the window, the app:// protocol and security guards. Everything else is in services
// that run (and are tested) in plain Node.

applyMainHeapPolicy();

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

const rendererRoot = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.js');
const csp = contentSecurityPolicy();

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? resolveStaticFile(rendererRoot, url.pathname) : undefined;
    if (!found) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(found.file);
      return new Response(body, {
        headers: {
          'content-type': found.contentType,
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  // file:// would let an injected script read any local file: nothing is ever served from it.
  protocol.handle('file', () => new Response('file:// is disabled in Vantage', { status: 403 }));
}

async function createWindow(): Promise<BrowserWindow> {
  const states = windowStateStore(app.getPath('userData'));
  const state = await states.load();
  const window = new BrowserWindow({
    ...state,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Vantage',
    webPreferences: {
      // Reviewed: the preload exposes only the contract's frozen namespace (test/unit/preload.test.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in new windows, bypassing the navigation guard.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void states.save({ ...bounds, maximized: window.isMaximized() });
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** main's own dialog for a profile's custom CA: the page never hands main a certificate. */
async function pickCertificateFile(): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose the CA certificate to trust for this connection',
    properties: ['openFile'],
    filters: [{ name: 'Certificates (PEM)', extensions: ['pem', 'crt', 'cer'] }],
  };
  const owner = BrowserWindow.getFocusedWindow();
  const chosen = await (owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options));
  return chosen.canceled ? undefined : chosen.filePaths[0];
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  guardPermissions(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  const backend = await createBackend({
    version: app.getVersion(),
    dataDirectory: app.getPath('userData'),
    runtime: 'electron',
    processVersions: process.versions,
    // Only vmrc: tickets main obtained from vCenter reach the OS (main/shell/guards.ts).
    launchUrl: externalOpener((url) => shell.openExternal(url)), // eng-disable OPEN_EXTERNAL_JS_CHECK
    pickCertificateFile,
    openFolder: async (path) => {
      const failure = await shell.openPath(path);
      if (failure) throw new Error(failure);
    },
    downloads: {
      systemDownloads: app.getPath('downloads'),
      showInFolder: (path) => Promise.resolve(shell.showItemInFolder(path)),
      openPath: async (path) => {
        const failure = await shell.openPath(path);
        if (failure) throw new Error(failure);
      },
      notifyFinished: (item, path) => {
        // Called only once a download ends, long after `backend` exists.
        if (!Notification.isSupported() || !backend.settings.get().desktopNotifications) return;
        const notice = new Notification({ title: 'Download finished', body: item.fileName });
        notice.on('click', () => shell.showItemInFolder(path));
        notice.show();
      },
    },
  });
  registerIpc(backend, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  app.on('before-quit', () => void backend.dispose());
  // A finished task is worth a desktop notification: the user may be in another window while a VM stops.
  backend.bus.subscribe((name, payload) => {
    if (name !== 'tasks.finished' || !Notification.isSupported()) return;
    if (!backend.settings.get().desktopNotifications) return;
    const task = payload as Task;
    new Notification({
      title: `${task.actionLabel}: ${task.machineName}`,
      body: task.message ?? task.state,
    }).show();
  });

  let main = await createWindow();
  app.on('second-instance', () => {
    if (main.isMinimized()) main.restore();
    main.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow().then((w) => (main = w));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    console.error('Vantage failed to start', error);
    app.exit(1);
  });
}
