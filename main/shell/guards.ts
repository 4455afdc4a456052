import { isAppUrl } from '../ipc/senders';
import { permissionAllowed } from '../security/permissions';

// The shell's security guards, in a module without an `electron` import so that they run (and are tested) in plain
// Node against fakes; main/index.ts wires them to every webContents and to the default session.

interface Preventable {
  preventDefault(): void;
}

/** The part of Electron's `WebContents` the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  getURL(): string;
}

/** The part of Electron's `Session` the permission guard uses. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      contents: { getURL(): string },
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/**
 * Navigation stays inside the app's own pages; redirects, webviews and new windows are refused (the app opens none:
 * an external link would otherwise run with the window's privileges).
 */
export function guardContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event, target) => {
    if (!isAppUrl(target)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Everything is denied but what consoles need (fullscreen, clipboard write), and only for the app's own page. */
export function guardPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl || contents.getURL())),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin),
  );
}

/**
 * The only URLs handed to the OS: VMware Remote Console tickets (`vmrc:`) main obtained from vCenter itself, never
 * page input. Anything else is refused before `openExternal` sees it.
 */
export function externalOpener(openExternal: (url: string) => Promise<void>): (url: string) => Promise<void> {
  return (url) => {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'vmrc:')
      return Promise.reject(new Error('Vantage only opens VMware Remote Console links.'));
    return openExternal(url);
  };
}
