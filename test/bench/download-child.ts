import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_SETTINGS } from '../../common/settings';
import type { VantageContract } from '../../common/contract';
import type { LabVendorInfo } from '../../lab/lab';
import { CONNECTORS } from '../../main/connectors';
import { createEventBus } from '../../main/ipc/events';
import { applyMainHeapPolicy } from '../../main/heap-policy';
import { createConnections } from '../../main/services/connections';
import { labProfile, labTrust } from '../../main/services/demo';
import { createDownloads } from '../../main/services/downloads';
import { memoryKeychain } from '../../main/services/memory-keychain';
import { openProfileStore } from '../../main/services/profile-store';
import { createSecretsService } from '../../main/services/secrets';

/**
 * main's download manager alone in a process (run by the downloads benchmark), so that its memory is measured alone
 * and it can be killed with SIGKILL. Usage: download-child.ts <data dir> <lab info JSON file> <recovery id | resume>.
 * Messages: `ready {rss}` once signed in, before the download starts, `progress {received}`, `done {item, ms, peakRss}`.
 */
applyMainHeapPolicy();
const [dataDirectory = '', infoFile = '', recoveryId = ''] = process.argv.slice(2);
const info = JSON.parse(readFileSync(infoFile, 'utf8')) as LabVendorInfo;

// The secret outlives a killed process here as it does in the OS keychain.
const keychainFile = join(dataDirectory, 'bench-keychain.json');
const keychain = memoryKeychain();
try {
  for (const [k, v] of Object.entries(
    JSON.parse(readFileSync(keychainFile, 'utf8')) as Record<string, string>,
  ))
    keychain.items.set(k, v);
} catch {
  // First start.
}
const set = keychain.set;
keychain.set = async (account, secret) => {
  await set(account, secret);
  writeFileSync(keychainFile, JSON.stringify(Object.fromEntries(keychain.items)));
};

const connections = createConnections({
  store: await openProfileStore(dataDirectory),
  secrets: createSecretsService(keychain),
  connectors: CONNECTORS,
});
const bus = createEventBus<VantageContract>();
const downloads = createDownloads({
  connections,
  bus,
  dataDirectory,
  settings: () => DEFAULT_SETTINGS,
  systemDownloads: join(dataDirectory, 'Downloads'),
});

function peakRss(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

// Where RSS goes (V8's heap or buffers outside it), sampled: the peaks are reported with the end.
const peaks = { heapUsed: 0, arrayBuffers: 0 };
setInterval(() => {
  const usage = process.memoryUsage();
  peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
  peaks.arrayBuffers = Math.max(peaks.arrayBuffers, usage.arrayBuffers);
}, 50).unref();

let started = performance.now();
bus.subscribe((name, payload) => {
  if (name !== 'downloads.changed') return;
  const item = payload as { state: string; received: number };
  if (item.state === 'running') process.send?.({ type: 'progress', received: item.received });
  if (item.state === 'completed' || item.state === 'failed')
    process.send?.({ type: 'done', item, ms: performance.now() - started, peakRss: peakRss(), peaks }, () =>
      process.exit(0),
    );
});

/** From here on, time and memory are the download's. */
const ready = (): void => {
  started = performance.now();
  process.send?.({ type: 'ready', rss: process.memoryUsage().rss });
};
if (recoveryId === 'resume') {
  ready();
  await downloads.restore();
} else {
  const { input, secret } = labProfile(info);
  const profile = await connections.create(
    { ...input, tags: [] },
    { secret, keep: 'keychain' },
    labTrust(info),
  );
  // Signed in first, as the bare clients are before their clock starts: a session's sign-in (its TLS context, the
  // token) happens once, not per download.
  const verdict = await connections.test(profile.id);
  if (!verdict.ok) throw new Error(`the bench could not sign in: ${verdict.error?.message ?? ''}`);
  ready();
  await downloads.enqueue({ kind: 'recovery', profileId: profile.id, recoveryId });
}
