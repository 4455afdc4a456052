// The counts of `npm test`'s summary line, from Vitest's and Playwright's JSON reports.
import { relative } from 'node:path';

/**
 * A test file that failed to load (a syntax error, a missing module, an old Node) or in a hook runs no test, so Vitest's test
 * counts miss it: each such file counts as one failed test, and is named.
 */
export function countTests(unit, e2e) {
  const unloaded = (unit?.testResults ?? [])
    .filter((file) => file.status === 'failed' && !file.assertionResults?.some((t) => t.status === 'failed'))
    .map((file) => relative(process.cwd(), file.name));
  return {
    passed: (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0),
    failed: (unit?.numFailedTests ?? 0) + unloaded.length + (e2e?.stats?.unexpected ?? 0),
    skipped: (unit?.numPendingTests ?? 0) + (e2e?.stats?.skipped ?? 0),
    unloaded,
  };
}
