import { extname } from 'node:path';

/** Names Windows reserves whatever the extension ("CON.txt" is the console too). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Bytes of a name most file systems accept (255), leaving room for " (99)" and ".part". */
export const MAX_NAME_BYTES = 200;

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts `text` to at most `bytes` UTF-8 bytes without splitting a character. */
function cut(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

/**
 * A name from the upstream made safe to create in the downloads folder: only its last path segment, without control
 * characters, NUL or characters Windows forbids, not a reserved device name, not dots only, at most MAX_NAME_BYTES
 * bytes with its extension kept.
 */
export function safeFileName(raw: string, fallback = 'download'): string {
  const segment =
    raw
      .split(/[\\/]/)
      .filter((part) => part !== '')
      .pop() ?? '';
  let name = segment
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    // Windows drops trailing dots and spaces, which would make two names one.
    .replace(/[. ]+$/, '');
  if (name === '' || /^\.+$/.test(name)) name = fallback;
  const stem = name.split('.')[0] ?? '';
  if (RESERVED.test(stem.trim())) name = `_${name}`;
  if (byteLength(name) > MAX_NAME_BYTES) {
    const extension = extname(name);
    const keep = byteLength(extension) <= 20 ? extension : '';
    name = cut(name.slice(0, name.length - keep.length), MAX_NAME_BYTES - byteLength(keep)) + keep;
  }
  return name;
}

/** The n-th candidate for a taken name: "name.ext", "name (1).ext", "name (2).ext"… (".tar.gz" kept together). */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const match = /^(.+?)((?:\.tar)?\.[^.\s]{1,10})?$/i.exec(name);
  const stem = match?.[1] ?? name;
  const extension = match?.[2] ?? '';
  return `${stem} (${n})${extension}`;
}
