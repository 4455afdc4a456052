/** Deterministic pseudo-random numbers: the same seed gives the same lab, on every machine. Members are plain
 * functions (no `this`), so they can be passed around. */
export interface Rng {
  /** A float in [0, 1). */
  next: () => number;
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  hex: (length: number) => string;
  uuid: () => string;
  ipv4: (prefix: string) => string;
  mac: () => string;
  /** A child generator, so that adding draws in one place does not shift another. */
  fork: (label: string) => Rng;
}

export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  // mulberry32: tiny, fast and good enough for test data (not for cryptography).
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
    ipv4: (prefix) => {
      const parts = prefix.split('.').filter(Boolean);
      while (parts.length < 4) parts.push(String(int(parts.length === 3 ? 2 : 0, 254)));
      return parts.join('.');
    },
    mac: () => ['00', '50', '56', hex(2), hex(2), hex(2)].join(':'),
    fork: (label) => createRng((seed ^ hashString(label)) >>> 0),
  };
}
