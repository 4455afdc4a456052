/**
 * A count with its noun: `plural(1, 'profile')` is "1 profile", `plural(3, 'machine')` is "3 machines".
 * Irregular nouns pass their plural (`plural(2, 'match', 'matches')`).
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The verb that goes with a count: "1 machine matches", "2 machines match". */
export function agree(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
