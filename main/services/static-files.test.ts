import { describe, expect, it } from 'vitest';

import { resolveStaticFile } from './static-files';

describe('static files', () => {
  const root = '/srv/renderer';
  it('serves index.html at the root and assets with their type', () => {
    expect(resolveStaticFile(root, '/')).toEqual({
      file: '/srv/renderer/index.html',
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveStaticFile(root, '/assets/index-abc.js')?.contentType).toMatch(/javascript/);
  });

  it.each([
    '/../secret.js',
    '/assets/../../etc/passwd.js',
    '/%2e%2e/x.js',
    '/assets/..%2f..%2fx.js',
    '/a\\..\\b.js',
    '/x.js%00.png',
    '/%E0%A4%A',
  ])('refuses %s', (path) => expect(resolveStaticFile(root, path)).toBeUndefined());

  it('refuses types it does not know', () => {
    expect(resolveStaticFile(root, '/package.sh')).toBeUndefined();
  });
});
