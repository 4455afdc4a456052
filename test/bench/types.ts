/** One measured figure, printed by `npm run bench` and saved to test-results/bench.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What it is compared with, when the issue sets a goal. */
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
