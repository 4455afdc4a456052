// Electron's npm package downloads its binary on first use; offline that ends in "Electron failed to install
// correctly … run npx install-electron", which hides the cause. Here the download runs first, on its own, so that a
// failure can be told for what it is.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export class ElectronUnavailable extends Error {}

/** The first line of the download's error (`RequestError: getaddrinfo ENOTFOUND github.com`), not its stack. */
function firstLine(stderr) {
  return (
    String(stderr)
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? 'no error message'
  );
}

/**
 * Downloads the Electron binary unless it is there (Electron's own install.js, a no-op once installed) and returns
 * its path; throws ElectronUnavailable with one sentence when it cannot be had.
 */
export function electronBinary(
  packageDir = dirname(require.resolve('electron/package.json')),
  env = process.env,
) {
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (install.status !== 0)
    throw new ElectronUnavailable(
      `The Electron binary could not be downloaded (${firstLine(install.stderr)}), so the desktop app cannot start ` +
        'here: `npm run dev:web` runs the same app in a browser without Electron.',
    );
  return require(packageDir);
}
