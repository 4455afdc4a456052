/** X11 keysyms (and the KeyboardEvent codes noVNC sends with them) for the keys consoles need to press by name. */
export const KEY = {
  ControlLeft: { keysym: 0xffe3, code: 'ControlLeft' },
  AltLeft: { keysym: 0xffe9, code: 'AltLeft' },
  Delete: { keysym: 0xffff, code: 'Delete' },
  Backspace: { keysym: 0xff08, code: 'Backspace' },
  Enter: { keysym: 0xff0d, code: 'Enter' },
  Tab: { keysym: 0xff09, code: 'Tab' },
} as const;

export interface Key {
  keysym: number;
  code: string;
}

export interface KeyCombo {
  id: string;
  label: string;
  keys: readonly Key[];
}

/** F1..F12 are consecutive keysyms from 0xffbe. */
const functionKey = (n: number): Key => ({ keysym: 0xffbe + n - 1, code: `F${n}` });

/** The special-keys menu: what a physical keyboard cannot send because the local system takes it first. */
export const SPECIAL_KEYS: readonly KeyCombo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keys: [KEY.ControlLeft, KEY.AltLeft, KEY.Delete] },
  {
    id: 'ctrl-alt-backspace',
    label: 'Ctrl+Alt+Backspace',
    keys: [KEY.ControlLeft, KEY.AltLeft, KEY.Backspace],
  },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `ctrl-alt-f${i + 1}`,
    label: `Ctrl+Alt+F${i + 1}`,
    keys: [KEY.ControlLeft, KEY.AltLeft, functionKey(i + 1)],
  })),
];

/** The key presses of a combination: each key down in order, then up in reverse (as fingers do). */
export function comboStrokes(keys: readonly Key[]): { key: Key; down: boolean }[] {
  return [
    ...keys.map((key) => ({ key, down: true })),
    ...[...keys].reverse().map((key) => ({ key, down: false })),
  ];
}

/**
 * The keysym that types one character: Latin-1 characters are their own keysym, line breaks and tabs are the
 * Return and Tab keys, anything else is a Unicode keysym (0x01000000 + code point), which X servers map to a key.
 */
export function keysymOf(char: string): number | undefined {
  const code = char.codePointAt(0);
  if (code === undefined) return undefined;
  if (char === '\n' || char === '\r') return KEY.Enter.keysym;
  if (char === '\t') return KEY.Tab.keysym;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return undefined;
  return 0x01000000 + code;
}

/** Keysyms for typing `text` ("\r\n" is one Enter; characters that cannot be typed are skipped). */
export function keysymsOf(text: string): number[] {
  const out: number[] = [];
  for (const char of text.replace(/\r\n/g, '\n')) {
    const keysym = keysymOf(char);
    if (keysym !== undefined) out.push(keysym);
  }
  return out;
}
