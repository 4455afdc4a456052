export function countTests(
  unit: unknown,
  e2e: unknown,
): { passed: number; failed: number; skipped: number; unloaded: string[] };
