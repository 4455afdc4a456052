import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it, onTestFinished } from 'vitest';

import { electronBinary, ElectronUnavailable } from '../../scripts/electron-binary.mjs';
import { isNodeRecentEnough, MINIMUM_NODE, PROVISIONED_NODE } from '../../scripts/ensure-node.mjs';
import { countTests } from '../../scripts/test-counts.mjs';
import { choosePort } from '../harness/free-port';

// The README's quick start on a fresh machine: an old Node, no internet for Electron, a taken port, a test file that
// does not load. Each runs the real tool in a child process or on a real socket.

const root = resolve(import.meta.dirname, '../..');
/** A folder of the test's own, removed when the test ends. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-quick-start-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the Node version', () => {
  it('is stated the same in package.json, its lock file, the README and scripts/ensure-node.mjs', () => {
    const read = (file: string): string => readFileSync(join(root, file), 'utf8');
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      scripts: Record<string, string>;
    };
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { engines?: { node: string } }>;
    };
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE}`);
    expect(lock.packages['']?.engines?.node).toBe(`>=${MINIMUM_NODE}`);
    expect(read('README.md')).toContain(`Node.js ≥ ${MINIMUM_NODE}`);
  });

  it('is ensured by every npm script, which runs through scripts/on-node.mjs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const [name, line] of Object.entries(pkg.scripts))
      for (const command of line.replace(/"[^"]*"/g, '""').split('&&'))
        expect(command.trim(), `npm run ${name}`).toMatch(/^node scripts\/on-node\.mjs /);
  });

  // Debian 12's own Node (20), when the machine has it, as on CI: the launcher must not try to run the tools on it.
  const systemNode = '/usr/bin/node';
  const systemVersion = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout?.trim().slice(1);
  const tooOld = systemVersion !== undefined && !isNodeRecentEnough(systemVersion);

  it.runIf(tooOld)(
    'on a Node too old and without the registry, stops at once with one sentence',
    () => {
      const dir = scratch();
      const run = spawnSync(systemNode, [join(root, 'scripts/on-node.mjs'), 'node', '--version'], {
        encoding: 'utf8',
        env: {
          ...process.env,
          // No Node fetched yet, and a registry that refuses connections (npm's cache could otherwise answer).
          VANTAGE_NODE_PREFIX: join(dir, 'node'),
          npm_config_registry: 'http://127.0.0.1:9/',
          npm_config_cache: join(dir, 'npm-cache'),
          npm_config_fetch_retries: '0',
        },
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n').at(-1)).toBe(
        `Vantage's tools need Node ${MINIMUM_NODE} or newer, this is Node ${systemVersion}, and Node ${PROVISIONED_NODE} ` +
          'could not be fetched from the npm registry (ECONNREFUSED): install Node 24 or connect to the internet.',
      );
    },
    60_000,
  );
});

describe('npm start without the Electron binary', () => {
  it('says the binary could not be downloaded and points to npm run dev:web', () => {
    // A copy of Electron's package without its binary, and a download mirror that refuses connections.
    const electron = join(scratch(), 'electron');
    mkdirSync(electron);
    for (const file of ['install.js', 'index.js', 'package.json', 'checksums.json'])
      copyFileSync(join(root, 'node_modules/electron', file), join(electron, file));
    const env = {
      ...process.env,
      NODE_PATH: join(root, 'node_modules'),
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(scratch(), 'cache'),
    };
    expect(() => electronBinary(electron, env)).toThrow(ElectronUnavailable);
    expect(() => electronBinary(electron, env)).toThrow(
      /^The Electron binary could not be downloaded \(.+\), so the desktop app cannot start here: `npm run dev:web` runs the same app in a browser without Electron\.$/,
    );
  });
});

describe('npm run dev:web with its port taken', () => {
  it('takes a free port instead of the usual one, and names one to pass when --port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(choosePort(undefined, port)).resolves.toBe(0);
      await expect(choosePort(String(port), 5180)).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use (another harness?): pass a free one, e.g. \`npm run dev:web -- --port 0\``,
      );
      await expect(choosePort('http', 5180)).rejects.toThrow('--port http is not a port number');
    } finally {
      taken.close();
    }
  });
});

describe("npm test's summary line", () => {
  it('counts a test file that fails to load as a failed test', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'ok.test.js'), "test('passes', () => {});\n");
    writeFileSync(join(dir, 'broken.test.js'), "import './missing.js';\ntest('never runs', () => {});\n");
    const report = join(dir, 'unit.json');
    spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--globals',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const counts = countTests(JSON.parse(readFileSync(report, 'utf8')), undefined);
    expect(counts).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
    expect(counts.unloaded).toEqual([expect.stringMatching(/broken\.test\.js$/)]);
  }, 60_000);
});
