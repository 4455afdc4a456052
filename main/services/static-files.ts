import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  file: string;
  contentType: string;
}

/**
 * Maps a URL path to a file inside the built renderer, refusing anything that escapes it (`..`, encoded slashes,
 * absolute paths). `/` serves index.html. Used by the Electron protocol handler and the harness alike.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = resolve(root, relativePath);
  const inside = relative(resolve(root), file);
  if (!inside || inside.startsWith('..') || inside.split(sep).includes('..') || isAbsolute(inside))
    return undefined;
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  return contentType ? { file, contentType } : undefined;
}
