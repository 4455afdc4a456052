// Electronegativity over the sources and over the built output. It reports findings but exits 0, so this script
// reads its SARIF and fails on any finding of medium severity or above (lower ones are filtered at scan time).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

// Electronegativity fetches translations (and Electron's release list) online. Tests must not depend on the network,
// so its HTTP client answers "offline" at once; the release check is excluded below and the version given instead.
const engRequire = createRequire(require.resolve('@doyensec/electronegativity/dist/runner.js'));
const gotPath = engRequire.resolve('got');
const offline = () => Promise.reject(new Error('offline: tests make no network requests'));
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(offline, { default: offline }),
};

const run = require('@doyensec/electronegativity/dist/runner.js');
await mkdir('test-results', { recursive: true });

const MEDIUM = require('@doyensec/electronegativity/dist/finder/attributes.js').severity.MEDIUM.value;

// The runner writes its SARIF without waiting for the write to finish.
async function readSarif(file) {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

// `node scripts/electronegativity.mjs [dir ...]` scans the given folders; by default the sources and the build.
const inputs = process.argv.slice(2);
const targets = inputs.length
  ? inputs.map((input, i) => ({ name: input, input, output: `test-results/electronegativity-${i}.sarif` }))
  : [
      { name: 'sources', input: '.', output: 'test-results/electronegativity-sources.sarif' },
      { name: 'built output', input: 'out', output: 'test-results/electronegativity-out.sarif' },
    ];
for (const target of targets) await rm(target.output, { force: true });
let failed = 0;
for (const target of targets) {
  const report = await run({
    input: target.input,
    output: target.output,
    isSarif: true,
    isRelative: true,
    severitySet: 'MEDIUM',
    confidenceSet: 'TENTATIVE',
    // The release list needs the internet; the Electron version comes from package.json instead.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    customScan: [],
    electronVersionOverride: electronVersion,
    // Svelte's output uses class private fields, which the bundled Babel parser needs to be told about.
    parserPlugins: ['classPrivateProperties', 'classPrivateMethods'],
  });
  for (const error of report.errors)
    console.error(`electronegativity (${target.name}): could not parse ${error.file}: ${error.message}`);
  const sarif = await readSarif(target.output);
  // SARIF carries no severity; the runner's issues (same order) do.
  const results = sarif.runs
    .flatMap((r) => r.results)
    .filter((result, index) => {
      const issue = report.issues[index];
      if (issue?.id !== result.ruleId)
        throw new Error(`SARIF and report disagree at ${index}: ${result.ruleId}`);
      return issue.severity.value >= MEDIUM;
    });
  failed += report.errors.length;
  for (const result of results) {
    const where = result.locations?.[0]?.physicalLocation;
    console.error(
      `electronegativity (${target.name}): ${result.ruleId} at ${where?.artifactLocation?.uri}:${where?.region?.startLine}: ${result.message.text}`,
    );
  }
  failed += results.length;
  console.log(`electronegativity: ${target.name}: ${results.length} finding(s) of medium severity or above`);
}
process.exit(failed > 0 ? 1 : 0);
