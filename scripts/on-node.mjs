// `node scripts/on-node.mjs <command> [args…]`: runs an npm script's command on a Node recent enough for Vantage's
// tools. On an older Node (Debian 12 has 20) it fetches Node 24 as .ci/run does (scripts/ensure-node.mjs), puts it
// first on PATH (so `#!/usr/bin/env node` tools use it too) and re-runs the command there; when that is impossible it
// stops at once with one sentence. Itself it runs on any Node ≥ 18: builtins only. One argument is a shell command
// line (`a && b`), several are a program and its arguments.
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';

import { ensureNode } from './ensure-node.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/on-node.mjs <command> [args…]');
  process.exit(2);
}
let bin;
try {
  bin = ensureNode();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
const program = command === 'node' ? join(bin, 'node') : command;
const child = spawn(program, args, {
  stdio: 'inherit',
  env,
  // A command line needs a shell; Windows needs one for npm's .cmd shims in node_modules/.bin.
  shell: args.length === 0 || process.platform === 'win32',
});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
// Ctrl+C reaches the child from the terminal itself: forwarding it too would make a second one.
process.on('SIGINT', () => undefined);
child.on('error', (error) => {
  console.error(`could not run ${command}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
