import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../common/contract';
import { VantageError } from '../../common/errors';
import type { InventoryStatus } from '../../common/inventory';
import type { Machine } from '../../common/machines';
import { createEventBus } from '../ipc/events';
import type { Connections } from './connections';
import { createInventory } from './inventory';

const machine = (profileId: string, n: number): Machine => ({
  id: `${profileId}/vm-${n}`,
  profileId,
  vendor: 'vcenter',
  vendorId: `vm-${n}`,
  kind: 'vm',
  name: `vm-${n}`,
  power: 'running',
  vendorState: 'POWERED_ON',
  addresses: [],
  tags: [],
  updatedAt: '2026-11-22T00:00:00.000Z',
});

type Listing = (onPage: (page: Machine[]) => void, signal: AbortSignal) => Promise<void>;

/** Connections whose connectors list what each test says, when it says. */
function fakeConnections(listings: Record<string, Listing>): Connections {
  return {
    list: () => Object.keys(listings).map((id) => ({ id })),
    connector: (id: string) => ({ listMachines: (...args: Parameters<Listing>) => listings[id]?.(...args) }),
  } as unknown as Connections;
}

/** A listing that waits until the test releases it. */
function gate(): { listing: Listing; open: (pages: Machine[][]) => void; fail: (e: Error) => void } {
  let release: (pages: Machine[][]) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const ready = new Promise<Machine[][]>((resolve, fail) => {
    release = resolve;
    reject = fail;
  });
  return {
    listing: async (onPage) => {
      for (const page of await ready) onPage(page);
    },
    open: (pages) => release(pages),
    fail: (e) => reject(e),
  };
}

let dataDirectory: string;
beforeEach(async () => {
  dataDirectory = await mkdtemp(join(tmpdir(), 'vantage-inventory-'));
});
afterEach(async () => {
  await rm(dataDirectory, { recursive: true, force: true });
});

const cached = async (): Promise<string[]> =>
  (await readdir(join(dataDirectory, 'inventory-cache')).catch(() => [] as string[])).sort();

function setUp(listings: Record<string, Listing>) {
  const bus = createEventBus<VantageContract>();
  const statuses: InventoryStatus[] = [];
  const pages: { profileId: string; rows: number }[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'inventory.status') statuses.push(payload as InventoryStatus);
    if (name === 'inventory.rows') {
      const p = payload as { profileId: string; rows: Machine[] };
      pages.push({ profileId: p.profileId, rows: p.rows.length });
    }
  });
  const inventory = createInventory({ connections: fakeConnections(listings), bus, dataDirectory });
  const finalState = (id: string) => statuses.filter((s) => s.profileId === id).at(-1)?.state;
  return { inventory, statuses, pages, finalState };
}

describe('inventory service', () => {
  it('streams pages per profile, and a failing profile says why without holding the others', async () => {
    const slow = gate();
    const { inventory, pages, statuses, finalState } = setUp({
      a: (onPage) => {
        onPage([machine('a', 1), machine('a', 2)]);
        onPage([machine('a', 3)]);
        return Promise.resolve();
      },
      b: () => Promise.reject(new VantageError('UNREACHABLE', 'b is down')),
      c: slow.listing,
    });
    const refreshing = inventory.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finalState('a')).toBe('ok');
    expect(finalState('b')).toBe('failed');
    expect(statuses.find((s) => s.profileId === 'b' && s.state === 'failed')?.error?.message).toBe(
      'b is down',
    );
    expect(finalState('c')).toBe('loading');
    expect(pages.filter((p) => p.profileId === 'a').map((p) => p.rows)).toEqual([2, 1]);
    slow.open([[machine('c', 1)]]);
    await refreshing;
    expect((await inventory.snapshot()).machines.map((m) => m.id).sort()).toEqual([
      'a/vm-1',
      'a/vm-2',
      'a/vm-3',
      'c/vm-1',
    ]);
    await inventory.dispose();
  });

  it('writes the caches once no refresh runs, so serialising one never slows another', async () => {
    const slow = gate();
    const { inventory } = setUp({
      a: (onPage) => Promise.resolve(onPage([machine('a', 1)])),
      c: slow.listing,
    });
    const refreshing = inventory.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await cached()).toEqual([]);
    slow.open([[machine('c', 1)]]);
    await refreshing;
    await inventory.dispose();
    expect(await cached()).toEqual(['a.json', 'c.json']);
  });

  it('writes what is complete when disposed, even with a refresh still running', async () => {
    const slow = gate();
    const { inventory } = setUp({
      a: (onPage) => Promise.resolve(onPage([machine('a', 1)])),
      c: slow.listing,
    });
    void inventory.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await inventory.dispose();
    expect(await cached()).toEqual(['a.json']);
  });

  it('forgets machines that were not listed again, and a removed profile with its cache', async () => {
    let round = 0;
    const { inventory } = setUp({
      a: (onPage) =>
        Promise.resolve(onPage(round++ === 0 ? [machine('a', 1), machine('a', 2)] : [machine('a', 2)])),
    });
    await inventory.refresh();
    await inventory.refresh();
    expect((await inventory.snapshot()).machines.map((m) => m.id)).toEqual(['a/vm-2']);
    await inventory.forget('a');
    expect(await cached()).toEqual([]);
    expect(() => inventory.machine('a/vm-2')).toThrow(/no longer in the inventory/);
    await inventory.dispose();
  });
});
