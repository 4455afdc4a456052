// `npm start`: build, then launch the app in Electron. An Electron binary that cannot be downloaded is said in one
// sentence that points to the browser harness (scripts/electron-binary.mjs).
import { spawn, spawnSync } from 'node:child_process';

import { electronBinary, ElectronUnavailable } from './electron-binary.mjs';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electron;
try {
  electron = electronBinary();
} catch (error) {
  if (!(error instanceof ElectronUnavailable)) throw error;
  console.error(error.message);
  process.exit(1);
}
const child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
// Ctrl+C reaches Electron from the terminal itself: nothing to forward.
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
