import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ProfileView } from '../../common/profiles';
import { createBackend, type Backend } from '../backend';
import { osKeychain, type Keychain } from './keychain';

// `kill -9` during a profile's create, in a real child process against the real OS keychain (npm test runs on a
// private gnome-keyring): whatever the point, the next start shows the profile whole or not at all, removes the
// keychain item no profile counts on, and leaves no temporary file behind.
const CHILD = join(import.meta.dirname, '../../test/crash/create-child.ts');
let keychainWorks = false;
let dir: string;
let service: string;
let keychain: Keychain;
let backend: Backend | undefined;

beforeAll(async () => {
  keychainWorks = await osKeychain('dev.vantage.probe')
    .accounts()
    .then(
      () => true,
      () => false,
    );
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-crash-'));
  service = `dev.vantage.crash-test-${randomBytes(4).toString('hex')}`;
  keychain = osKeychain(service);
});
afterEach(async () => {
  await backend?.dispose();
  backend = undefined;
  for (const account of keychainWorks ? await keychain.accounts() : []) await keychain.delete(account);
  await rm(dir, { recursive: true, force: true });
});

function runChild(point: string): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, service, point], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
}

const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
async function restart(): Promise<ProfileView[]> {
  backend = await createBackend({
    version: '0.0.0',
    dataDirectory: dir,
    runtime: 'harness',
    processVersions: {},
    keychain,
    probes: { keychain: ok, network: ok, disk: ok },
  });
  return backend.connections.list();
}
const temporaryFiles = async () => (await readdir(dir)).filter((name) => /tmp/.test(name));

describe('kill -9 during a profile create', () => {
  it.each([
    ['before the keychain item is written', 'before-keychain', false],
    ['after the keychain item, before the record', 'after-keychain', false],
    ["inside the record's atomic write", 'record-rename', false],
    ['right after the create', 'after-create', true],
  ] as const)('%s: whole or absent after a restart', async (_when, point, whole) => {
    if (!keychainWorks)
      return void console.warn('crash-safety: no Secret Service here; run it with npm test');
    expect(await runChild(point)).toBe('SIGKILL');
    if (point === 'record-rename') expect(await temporaryFiles()).not.toEqual([]);

    const profiles = await restart();
    expect(await temporaryFiles()).toEqual([]);
    if (whole) {
      expect(profiles.map((p) => [p.name, p.secret])).toEqual([['crash', 'keychain']]);
      await expect(keychain.get(`profile:${profiles[0]?.id}`)).resolves.toBe('crash-secret');
    } else {
      expect(profiles).toEqual([]);
      // The start-up reconciliation runs beside the first requests: the orphan item goes shortly.
      await expect.poll(() => keychain.accounts(), { timeout: 10_000 }).toEqual([]);
    }
  });

  it('a profile whose keychain item is gone says "secret needed", not "none"', async () => {
    if (!keychainWorks) return;
    expect(await runChild('after-create')).toBe('SIGKILL');
    for (const account of await keychain.accounts()) await keychain.delete(account);
    await restart();
    await expect
      .poll(() => backend?.connections.list().map((p) => p.secret), { timeout: 10_000 })
      .toEqual(['missing']);
  });
});
