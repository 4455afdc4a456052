// Vantage's tools need Node >= 22.19 (undici 8, Vitest 4, Electron's tooling); Debian 12 ships 20. The npm registry
// serves Node itself (the `node` package installs the official binary), so an old machine gets its own copy here.
// `node scripts/ensure-node.mjs` prints the bin directory of a suitable Node (the current one when it is new enough).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROVISIONED_NODE = '24.21.0';
/** The `engines.node` floor of package.json (undici 8 needs 22.19); test/unit/node-version.test.ts keeps them equal. */
export const MINIMUM_NODE = '22.19.0';

export function isNodeRecentEnough(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MINIMUM_NODE.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
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
    try {
      execFileSync(
        'npm',
        ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node@${PROVISIONED_NODE}`],
        // stdout carries only the answer (the bin directory) for .ci/run; npm's errors are summed up below.
        { stdio: ['ignore', 2, 'pipe'], encoding: 'utf8' },
      );
    } catch (error) {
      throw new Error(
        `Vantage's tools need Node ${MINIMUM_NODE} or newer, this is Node ${process.versions.node}, and Node ` +
          `${PROVISIONED_NODE} could not be fetched from the npm registry (${npmFailure(error)}): install Node ` +
          `${PROVISIONED_NODE.split('.')[0]} or connect to the internet.`,
        { cause: error },
      );
    }
  }
  return bin;
}

/** npm's error code (ENOTFOUND, EAI_AGAIN, E404…) from its stderr, rather than its whole log. */
function npmFailure(error) {
  const stderr = String(error?.stderr ?? '');
  return stderr.match(/npm (?:error|ERR!) code (\S+)/)?.[1] ?? error?.code ?? 'npm install failed';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureNode());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
