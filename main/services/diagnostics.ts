import { mkdir, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

import type { Diagnostics, SubsystemReport } from '../../common/app';

export type Probe = () => Promise<SubsystemReport>;

const LOW_DISK_BYTES = 512 * 1024 * 1024;

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** The data directory must take an atomic write (temp file + rename) and have room for caches and downloads. */
export function diskProbe(dataDirectory: string): Probe {
  return async () => {
    try {
      await mkdir(dataDirectory, { recursive: true, mode: 0o700 });
      const temp = join(dataDirectory, `.probe-${process.pid}.tmp`);
      await writeFile(temp, 'probe', { mode: 0o600 });
      await rename(temp, `${temp}.done`);
      await rm(`${temp}.done`);
      const stats = await statfs(dataDirectory);
      const free = stats.bavail * stats.bsize;
      return free < LOW_DISK_BYTES
        ? {
            status: 'degraded',
            summary: `Only ${formatBytes(free)} free in the data directory.`,
            detail: dataDirectory,
          }
        : { status: 'ok', summary: `Writable, ${formatBytes(free)} free.`, detail: dataDirectory };
    } catch (error) {
      return {
        status: 'unavailable',
        summary: 'The data directory cannot be written: profiles and caches will not be saved.',
        detail: `${dataDirectory}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  };
}

/** Offline is a normal state for Vantage (cached inventory), so it is "degraded", not an error. */
export function networkProbe(env: NodeJS.ProcessEnv = process.env): Probe {
  return () => {
    const external = Object.entries(networkInterfaces()).filter(([, addresses]) =>
      (addresses ?? []).some((a) => !a.internal),
    );
    const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
    const proxyNote = proxy ? ` Proxy: ${new URL(proxy).host}.` : '';
    if (external.length === 0)
      return Promise.resolve({
        status: 'degraded',
        summary: `No network interface is up: working offline from cached data.${proxyNote}`,
      });
    return Promise.resolve({
      status: 'ok',
      summary: `Network interfaces up: ${external.map(([name]) => name).join(', ')}.${proxyNote}`,
    });
  };
}

export async function runDiagnostics(probes: {
  keychain: Probe;
  network: Probe;
  disk: Probe;
}): Promise<Diagnostics> {
  const settle = async (probe: Probe): Promise<SubsystemReport> => {
    try {
      return await probe();
    } catch (error) {
      return { status: 'unavailable', summary: 'The check itself failed.', detail: String(error) };
    }
  };
  const [keychain, network, disk] = await Promise.all([
    settle(probes.keychain),
    settle(probes.network),
    settle(probes.disk),
  ]);
  return { checkedAt: new Date().toISOString(), keychain, network, disk };
}
