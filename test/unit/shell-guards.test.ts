import { EventEmitter } from 'node:events';

import { describe, expect, it, vi } from 'vitest';

import {
  externalOpener,
  guardContents,
  guardPermissions,
  type GuardedContents,
  type GuardedSession,
} from '../../main/shell/guards';

// The shell's guards against a fake webContents and session: what Electron would call, and what the guard answers.

class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  getURL = () => 'vantage://app/index.html';
  /** Emits `name` as Electron would; true when a listener cancelled it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

function guarded(): FakeContents {
  const contents = new FakeContents();
  guardContents(contents);
  return contents;
}

describe('the navigation guard', () => {
  it('lets the app navigate among its own pages (vantage: has the opaque origin "null")', () => {
    expect(new URL('vantage://app/').origin).toBe('null');
    const contents = guarded();
    expect(contents.fire('will-navigate', 'vantage://app/index.html')).toBe(false);
    expect(contents.fire('will-navigate', 'vantage://app/index.html#/audit')).toBe(false);
  });

  it('cancels navigation anywhere else', () => {
    const contents = guarded();
    for (const target of [
      'https://evil.example/',
      'vantage://other/index.html',
      'file:///etc/passwd',
      'http://app/',
      'not a url',
    ])
      expect(contents.fire('will-navigate', target), target).toBe(true);
  });

  it('cancels every redirect and webview, and denies every new window', () => {
    const contents = guarded();
    expect(contents.fire('will-redirect', 'vantage://app/index.html')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.({ url: 'vantage://app/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('the permission wiring', () => {
  function wired() {
    let request: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<GuardedSession['setPermissionCheckHandler']>[0] | undefined;
    guardPermissions({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    });
    const ask = (permission: string, requestingUrl: string | undefined, pageUrl = 'vantage://app/') => {
      const callback = vi.fn();
      request?.({ getURL: () => pageUrl }, permission, callback, requestingUrl ? { requestingUrl } : {});
      return callback.mock.calls[0]?.[0] as boolean;
    };
    return { ask, check: (permission: string, origin: string) => check?.(undefined, permission, origin) };
  }

  it('grants console permissions to the app page only, on request and on check', () => {
    const { ask, check } = wired();
    expect(ask('fullscreen', 'vantage://app/index.html')).toBe(true);
    expect(ask('fullscreen', undefined)).toBe(true); // the page's own URL when Electron gives none
    expect(ask('fullscreen', 'https://evil.example/')).toBe(false);
    expect(ask('fullscreen', undefined, 'https://evil.example/')).toBe(false);
    expect(ask('media', 'vantage://app/index.html')).toBe(false);
    expect(check('clipboard-sanitized-write', 'vantage://app')).toBe(true);
    expect(check('clipboard-read', 'vantage://app')).toBe(false);
    expect(check('fullscreen', 'https://evil.example')).toBe(false);
  });
});

describe('openExternal', () => {
  it('hands the OS only vmrc: links', async () => {
    const openExternal = vi.fn(() => Promise.resolve());
    const open = externalOpener(openExternal);
    await open('vmrc://clone:ticket@vcenter.example/?moid=vm-1');
    expect(openExternal).toHaveBeenCalledTimes(1);
    for (const url of ['https://evil.example/', 'file:///bin/sh', 'javascript:alert(1)', 'not a url'])
      await expect(open(url), url).rejects.toThrow('only opens VMware Remote Console links');
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
