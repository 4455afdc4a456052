import { describe, expect, it } from 'vitest';

import { MAX_NAME_BYTES, numberedName, safeFileName } from './safe-name';

describe('safeFileName', () => {
  it('keeps only the last path segment, so no name climbs out of the folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\Windows\\win.ini')).toBe('win.ini');
    expect(safeFileName('/')).toBe('download');
    expect(safeFileName('..')).toBe('download');
  });

  it('renames Windows reserved device names, with or without an extension', () => {
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('com1.tar')).toBe('_com1.tar');
    expect(safeFileName('console.log')).toBe('console.log');
  });

  it('drops control characters and NUL, and replaces characters Windows forbids', () => {
    expect(safeFileName('a\u0000b\u0007c\nd.txt')).toBe('abcd.txt');
    expect(safeFileName('what?<is>|this*.txt')).toBe('what__is__this_.txt');
    expect(safeFileName('trailing. . ')).toBe('trailing');
  });

  it('bounds the length in bytes and keeps the extension', () => {
    const long = safeFileName(`${'é'.repeat(300)}.tar`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long.endsWith('.tar')).toBe(true);
    expect(long).not.toContain('\uFFFD');
  });
});

describe('numberedName', () => {
  it('numbers before the extension, keeping .tar.gz together', () => {
    expect(numberedName('report.pdf', 0)).toBe('report.pdf');
    expect(numberedName('report.pdf', 1)).toBe('report (1).pdf');
    expect(numberedName('backup.tar.gz', 2)).toBe('backup (2).tar.gz');
    expect(numberedName('README', 3)).toBe('README (3)');
  });
});
