// Vantage's tools need Node >= 22.19 (undici 8, Vitest 4, Electron's tooling); Debian 12 ships 20. The npm registry
// serves Node itself (the `node` package installs the official binary), so an old machine gets its own copy here.
// `node scripts/ensure-node.mjs` prints the bin directory of a suitable Node (the current one when it is new enough).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROVISIONED_NODE = '24.21.0';

export function isNodeRecentEnough(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 19);
}

export function ensureNode() {
  if (isNodeRecentEnough()) return dirname(process.execPath);
  const prefix =
    process.env.VANTAGE_NODE_PREFIX ?? join(homedir(), '.cache', 'vantage', `node-${PROVISIONED_NODE}`);
  const bin = join(prefix, 'node_modules', 'node', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(
      `Node ${process.versions.node} is too old for Vantage's tools; installing Node ${PROVISIONED_NODE} into ${prefix}`,
    );
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node@${PROVISIONED_NODE}`],
      {
        // npm's own output goes to stderr: stdout carries only the answer (the bin directory) for .ci/run.
        stdio: ['ignore', 2, 'inherit'],
      },
    );
  }
  return bin;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(ensureNode());
