import type { Rng } from '../core/rng';

/**
 * Picks an item by weight (weights summing to 1). Used by the ComodIT and Unitrends data; it belongs on `Rng` in
 * lab/core/rng.ts once its owner adds it.
 */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let roll = rng.next();
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}
