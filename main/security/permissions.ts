import { isAppUrl } from '../ipc/senders';

/**
 * The browser permissions the app's own page may use, all of them for consoles: fullscreen (a console in full
 * screen) and writing the clipboard (what a machine copied, when the user shares its clipboard). Everything else,
 * and anything asked by another origin, is denied. Reading the clipboard is not granted: the user pastes into the
 * console's clipboard box instead.
 */
const CONSOLE_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

/** For Electron's `setPermissionRequestHandler` / `setPermissionCheckHandler` (the shell wires it). */
export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return CONSOLE_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}
