import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createBackend } from '../../main/backend';
import { createAuditLog } from '../../main/services/audit';
import { consoleSettingsStore } from '../../main/services/consoles/settings-store';
import { inventoryCache } from '../../main/services/inventory-cache';
import { memoryKeychain } from '../../main/services/memory-keychain';
import { windowStateStore } from '../../main/services/window-state';

// Every file main writes in its data directory is its user's only (0600), every folder too (0700), whatever the
// umask, and what an older version left wider is narrowed.
const scratch = await mkdtemp(join(tmpdir(), 'vantage-modes-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function modes(folder: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      found[`${prefix}${entry.name}`] = ((await stat(path)).mode & 0o777).toString(8);
      if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
    }
  };
  found['.'] = ((await stat(folder)).mode & 0o777).toString(8);
  await walk(folder, '');
  return found;
}

describe('the modes of the files main writes', () => {
  it('are 0600 for files and 0700 for folders, in a data directory Electron made 0755', async () => {
    const data = join(scratch, 'data');
    await mkdir(data);
    await chmod(data, 0o755);
    // profiles.json as an older version left it.
    await writeFile(join(data, 'profiles.json'), '{"profiles":[]}', { mode: 0o644 });
    await chmod(join(data, 'profiles.json'), 0o644);

    const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });
    const backend = await createBackend({
      version: '1.0.0',
      dataDirectory: data,
      runtime: 'harness',
      processVersions: {},
      keychain: memoryKeychain(),
      probes: { keychain: ok, network: ok },
    });
    try {
      await backend.handlers['profiles.create']({
        profile: { name: 'Lab', baseUrl: 'https://vc.example', options: { vendor: 'vcenter' } },
      } as never);
      await backend.handlers['app.diagnostics'](undefined);
    } finally {
      await backend.dispose();
    }
    await createAuditLog(data).append({
      time: new Date().toISOString(),
      profileId: 'p',
      profileName: 'Lab',
      action: 'vm.stop',
      options: {},
      outcome: 'succeeded',
      message: '',
    });
    await inventoryCache(data).save('p', { fetchedAt: new Date().toISOString(), machines: [] });
    await consoleSettingsStore(data).set('m-1', { scaling: 'fit' } as never);
    await windowStateStore(data).save({ width: 800, height: 600, maximized: false });

    const found = await modes(data);
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining(['.', 'profiles.json', 'audit.jsonl', 'inventory-cache', 'window-state.json']),
    );
    const wrong = Object.entries(found).filter(([name, mode]) =>
      name === '.' || name === 'inventory-cache' ? mode !== '700' : mode !== '600',
    );
    expect(wrong).toEqual([]);
  });
});
