import { timingSafeEqual } from 'node:crypto';

import type { SenderCheck } from './router';

/** The custom scheme the Electron shell serves the renderer from (never file://). */
export const APP_SCHEME = 'vantage';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True for a URL of the app's own pages. Node's and Chromium's URL give a non-special scheme such as `vantage:` the
 * opaque origin `"null"`, so this compares scheme and host, never `origin`.
 */
export function isAppUrl(url: string | undefined): boolean {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** What the Electron shell reports about the frame that sent an IPC message. */
export interface ElectronSender {
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

/** Only the app's own page, in its main frame, may talk to main (Electron security checklist item 17). */
export const checkElectronSender: SenderCheck<ElectronSender> = (sender) => {
  if (!sender.isMainFrame) return 'IPC from a sub-frame';
  let url: URL;
  try {
    url = new URL(sender.frameUrl ?? '');
  } catch {
    return 'IPC from a frame without a valid URL';
  }
  // Node's URL gives custom schemes an opaque origin, so compare scheme and host rather than `origin`.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST)
    return `IPC from a foreign page (${url.protocol}//${url.host})`;
  return undefined;
};

/** What the harness knows about a WebSocket client: its Origin header and the token it presented. */
export interface HarnessSender {
  origin: string | undefined;
  token: string | undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** In the harness a per-run token and the page's origin take the place of Electron's sender-frame check. */
export function harnessSenderCheck(expectedOrigin: string, token: string): SenderCheck<HarnessSender> {
  return (sender) => {
    if (sender.origin !== expectedOrigin)
      return `connection from a foreign origin (${sender.origin ?? 'none'})`;
    if (!sender.token || !sameSecret(sender.token, token)) return 'connection without the harness token';
    return undefined;
  };
}
