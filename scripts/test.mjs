// `npm test`: format, lint, type-check, build, unit and component tests, security scan, packaging config, e2e.
// Runs on a private D-Bus with its own gnome-keyring (scripts/with-keyring.sh) so the keychain is real but not yours.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { countTests } from './test-counts.mjs';

if (!process.env.VANTAGE_TEST_KEYRING) {
  const { status } = spawnSync(
    'sh',
    ['scripts/with-keyring.sh', process.execPath, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, VANTAGE_TEST_KEYRING: '1' },
    },
  );
  process.exit(status ?? 1);
}

// Commands the tests run, and the Debian package of each (.ci/run installs them): checked first, so that a missing
// one is named instead of failing a test in some roundabout way.
const SYSTEM_PACKAGES = {
  chromium: 'chromium',
  Xvnc: 'tigervnc-standalone-server',
  xsetroot: 'x11-xserver-utils',
  xterm: 'xterm',
  xev: 'x11-utils',
};
const missing = Object.entries(SYSTEM_PACKAGES).filter(
  ([command]) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0,
);
if (missing.length > 0) {
  console.error(
    `missing commands: ${missing.map(([c]) => c).join(', ')}; install: sudo apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(' ')}`,
  );
  process.exit(1);
}

for (const report of ['test-results/unit.json', 'test-results/e2e-report.json'])
  rmSync(report, { force: true });
const scratch = mkdtempSync(join(tmpdir(), 'vantage-test-'));
const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  XDG_CONFIG_HOME: join(scratch, 'config'),
  FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1'),
};
const bin = (name) => join('node_modules', '.bin', name);
const steps = [
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['typecheck common', bin('tsc'), ['-p', 'common/tsconfig.json', '--noEmit']],
  [
    'svelte-check',
    bin('svelte-check'),
    ['--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings', '--output', 'human'],
  ],
  ['build', process.execPath, ['scripts/build.mjs']],
  [
    'unit',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'],
  ],
  ['security', process.execPath, ['scripts/electronegativity.mjs']],
  ['packaging', process.execPath, ['scripts/check-builder-config.mjs']],
  ['e2e', bin('playwright'), ['test']],
];

const only = process.env.VANTAGE_TEST_ONLY?.split(',');
const outcomes = [];
for (const [name, command, args] of steps) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', env });
  outcomes.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
  if (status !== 0) console.error(`=== ${name} failed (exit ${status}) ===`);
}
rmSync(scratch, { recursive: true, force: true });

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};
const { passed, failed, skipped, unloaded } = countTests(
  readJson('test-results/unit.json'),
  readJson('test-results/e2e-report.json'),
);

console.log('\n=== summary ===');
for (const o of outcomes)
  console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name.padEnd(18)} ${o.seconds.toFixed(1)} s`);
for (const file of unloaded) console.log(`FAIL ${file}: no test ran (it failed to load, or in a hook)`);
const failedSteps = outcomes.filter((o) => !o.ok).length;
console.log(`tests: ${passed} passed, ${failed + failedSteps} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
