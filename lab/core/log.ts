/** Every request the lab refused, and why: the first thing to read when a client is wrong. */
export interface Refusal {
  time: string;
  vendor: string;
  method: string;
  path: string;
  status: number;
  reason: string;
}

export interface RefusalLog {
  record(entry: Omit<Refusal, 'time'>): void;
  entries(): readonly Refusal[];
}

export function createRefusalLog(onRecord?: (entry: Refusal) => void, keep = 1000): RefusalLog {
  const items: Refusal[] = [];
  return {
    record(entry) {
      const full = { time: new Date().toISOString(), ...entry };
      items.push(full);
      if (items.length > keep) items.shift();
      onRecord?.(full);
    },
    entries: () => items,
  };
}
