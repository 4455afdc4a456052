import { describe, expect, it } from 'vitest';

import { comboStrokes, keysymsOf, SPECIAL_KEYS } from '../../renderer/src/lib/keysyms';

describe('typing text as keystrokes', () => {
  it('uses Latin-1 keysyms, Return for line breaks and Unicode keysyms beyond', () => {
    expect(keysymsOf('Ab 1\r\nß€')).toEqual([0x41, 0x62, 0x20, 0x31, 0xff0d, 0xdf, 0x010020ac]);
  });

  it('skips control characters it cannot type', () => {
    expect(keysymsOf('a\u0007b')).toEqual([0x61, 0x62]);
  });
});

describe('special keys', () => {
  it('offers Ctrl+Alt+Del, Ctrl+Alt+Backspace and Ctrl+Alt+F1..F12', () => {
    expect(SPECIAL_KEYS.map((k) => k.label)).toEqual([
      'Ctrl+Alt+Del',
      'Ctrl+Alt+Backspace',
      ...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`),
    ]);
    expect(SPECIAL_KEYS.find((k) => k.id === 'ctrl-alt-f12')?.keys[2]).toEqual({
      keysym: 0xffc9,
      code: 'F12',
    });
  });

  it('presses in order and releases in reverse', () => {
    const strokes = comboStrokes(SPECIAL_KEYS[0]?.keys ?? []);
    expect(strokes.map((s) => `${s.down ? '+' : '-'}${s.key.code}`)).toEqual([
      '+ControlLeft',
      '+AltLeft',
      '+Delete',
      '-Delete',
      '-AltLeft',
      '-ControlLeft',
    ]);
  });
});
