// A main process that creates one profile and is killed with SIGKILL at a chosen point of the create: run by
// main/services/crash-safety.test.ts as a real child process. Usage: create-child.ts <data dir> <keychain service> <point>
import fs from 'node:fs';

const [dataDirectory = '', service = '', point = ''] = process.argv.slice(2);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};
let armed = false;

// conf writes through `atomically`, which captures fs.renameSync when it loads: patched before anything imports it.
const rename = fs.renameSync.bind(fs);
fs.renameSync = (from, to) => {
  if (armed && point === 'record-rename' && String(to).endsWith('profiles.json')) die();
  rename(from, to);
};

const { osKeychain } = await import('../../main/services/keychain');
const { createBackend } = await import('../../main/backend');
const real = osKeychain(service);
const keychain = {
  ...real,
  async set(account: string, secret: string) {
    if (armed && point === 'before-keychain') die();
    await real.set(account, secret);
    if (armed && point === 'after-keychain') die();
  },
};
const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
const backend = await createBackend({
  version: '0.0.0',
  dataDirectory,
  runtime: 'harness',
  processVersions: {},
  keychain,
  probes: { keychain: ok, network: ok, disk: ok },
});
armed = true;
await backend.connections.create(
  { name: 'crash', baseUrl: 'https://crash.example', username: 'admin', options: { vendor: 'vcenter' } },
  { secret: 'crash-secret', keep: 'keychain' },
);
if (point === 'after-create') die();
process.exit(0);
