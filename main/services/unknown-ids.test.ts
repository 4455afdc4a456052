import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_CONSOLE_SETTINGS } from '../../common/consoles';
import { contract } from '../../common/contract';
import { createBackend, type Backend } from '../backend';
import { createIpcRouter } from '../ipc/router';
import { memoryKeychain } from './memory-keychain';

// Issue #11 item 9: ids that validate but name nothing are refused, and leave nothing behind.
let dir: string;
let backend: Backend;
let handle: (channel: string, args: unknown) => Promise<unknown>;
const ok = () => Promise.resolve({ status: 'ok' as const, summary: 'fine' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vantage-unknown-ids-'));
  backend = await createBackend({
    version: '0.0.0',
    dataDirectory: dir,
    runtime: 'harness',
    processVersions: process.versions,
    keychain: memoryKeychain(),
    probes: { keychain: ok, network: ok, disk: ok },
  });
  const router = createIpcRouter({ contract, ...backend, checkSender: () => undefined });
  handle = (channel, args) => router.handle(channel, args, {});
});
afterAll(async () => {
  await backend.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('ids that name nothing', () => {
  it('console settings for a machine that is not in the inventory are refused and not written', async () => {
    const machineId = `${randomUUID()}/vm-1`;
    expect(
      await handle('consoles.saveSettings', { machineId, settings: DEFAULT_CONSOLE_SETTINGS }),
    ).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await readdir(dir)).not.toContain('console-settings.json');
  });

  it('refreshing an unknown profile is NOT_FOUND and leaves no placeholder status', async () => {
    const profileId = randomUUID();
    const statuses: string[] = [];
    backend.bus.subscribe((name, payload) => {
      if (name === 'inventory.status') statuses.push((payload as { profileId: string }).profileId);
    });
    expect(await handle('inventory.refresh', { profileIds: [profileId] })).toMatchObject({
      error: { code: 'NOT_FOUND', details: { id: profileId } },
    });
    // Refreshing all (none here) still answers, and nothing was started for the unknown id.
    expect(await handle('inventory.refresh', {})).toEqual({ result: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statuses).not.toContain(profileId);
    expect(await handle('inventory.snapshot', undefined)).toEqual({ result: { statuses: [], machines: [] } });
  });
});
