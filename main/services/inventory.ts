import type { EventBus } from '../ipc/events';
import type { VantageContract } from '../../common/contract';
import { VantageError } from '../../common/errors';
import type { InventorySnapshot, InventoryStatus } from '../../common/inventory';
import type { Machine, MachineDetails } from '../../common/machines';
import { toIpcError } from '../ipc/router';
import { REFRESH_DEADLINE_MS, withOperation } from '../net/operation';
import type { Connections } from './connections';
import { inventoryCache, type CachedInventory } from './inventory-cache';

interface ProfileInventory {
  status: InventoryStatus;
  machines: Map<string, Machine>;
  controller?: AbortController;
  timer?: NodeJS.Timeout;
  failures: number;
}

const MAX_BACKOFF_MS = 30 * 60_000;

/**
 * Every machine of every profile. Refreshes run per profile, concurrently; each page is published as soon as it is
 * mapped, a failing profile is marked with its reason and never blocks the others, and the last complete listing of
 * each profile is cached on disk for an offline start.
 */
export function createInventory(options: {
  connections: Connections;
  bus: EventBus<VantageContract>;
  dataDirectory: string;
}) {
  const { connections, bus } = options;
  const cache = inventoryCache(options.dataDirectory);
  const profiles = new Map<string, ProfileInventory>();
  let autoRefreshMs = 0;
  const writes = new Set<Promise<void>>();
  /** Complete listings not yet on disk: written once no refresh runs, so that serialising one never slows another. */
  const unsaved = new Map<string, CachedInventory>();
  let loaded: Promise<void> | undefined;

  const saveListings = (): void => {
    for (const [profileId, listing] of unsaved) {
      unsaved.delete(profileId);
      const write = cache
        .save(profileId, listing)
        .catch((error: unknown) => console.error(`inventory: could not cache ${profileId}`, error))
        .finally(() => writes.delete(write));
      writes.add(write);
    }
  };
  const saveWhenIdle = (): void => {
    if ([...profiles.values()].every((entry) => !entry.controller)) saveListings();
  };

  const publish = (entry: ProfileInventory): void => bus.publish('inventory.status', { ...entry.status });

  const entryFor = (profileId: string): ProfileInventory => {
    let entry = profiles.get(profileId);
    if (!entry) {
      entry = {
        status: { profileId, state: 'empty', count: 0, generation: 0 },
        machines: new Map(),
        failures: 0,
      };
      profiles.set(profileId, entry);
    }
    return entry;
  };

  /** Loads the cached listings once, before anything else reads the inventory. */
  const loadCaches = (): Promise<void> =>
    (loaded ??= Promise.all(
      connections.list().map(async (profile) => {
        const cached = await cache.load(profile.id);
        if (!cached || profiles.has(profile.id)) return;
        const entry = entryFor(profile.id);
        for (const machine of cached.machines) entry.machines.set(machine.id, machine);
        entry.status = {
          ...entry.status,
          state: 'cached',
          fetchedAt: cached.fetchedAt,
          count: entry.machines.size,
        };
      }),
    ).then(() => undefined));

  const schedule = (entry: ProfileInventory): void => {
    clearTimeout(entry.timer);
    entry.status.nextRefreshAt = undefined;
    if (!autoRefreshMs) return;
    // After failures, wait longer each time (up to 30 minutes) instead of hammering a system that is down.
    const delay = Math.min(autoRefreshMs * 2 ** entry.failures, MAX_BACKOFF_MS);
    entry.status.nextRefreshAt = new Date(Date.now() + delay).toISOString();
    entry.timer = setTimeout(() => void refreshProfile(entry.status.profileId), delay);
    entry.timer.unref?.();
  };

  async function refreshProfile(profileId: string): Promise<void> {
    const entry = entryFor(profileId);
    entry.controller?.abort();
    const controller = new AbortController();
    entry.controller = controller;
    const generation = entry.status.generation + 1;
    entry.status = { ...entry.status, state: 'loading', generation, error: undefined, partial: undefined };
    publish(entry);
    const seen = new Map<string, Machine>();
    const name = connections.list().find((p) => p.id === profileId)?.name ?? profileId;
    try {
      // One deadline for the whole refresh, every call and retry included.
      const outcome = await withOperation(
        `The refresh of ${name}`,
        REFRESH_DEADLINE_MS,
        () =>
          connections.connector(profileId).listMachines((page) => {
            if (controller.signal.aborted) return;
            for (const machine of page) {
              seen.set(machine.id, machine);
              entry.machines.set(machine.id, machine);
            }
            bus.publish('inventory.rows', { profileId, generation, rows: page });
          }, controller.signal),
        controller.signal,
      );
      if (controller.signal.aborted) return;
      const fetchedAt = new Date().toISOString();
      entry.failures = 0;
      const partial = outcome?.partial;
      if (partial) {
        // Machines not listed may be in the part that could not be read: they stay, and the cache keeps the last
        // complete listing.
        entry.status = {
          ...entry.status,
          state: 'ok',
          fetchedAt,
          count: entry.machines.size,
          error: undefined,
          partial: partial.reason,
        };
        return;
      }
      // Machines that were not listed this time are gone upstream.
      entry.machines = seen;
      entry.status = { ...entry.status, state: 'ok', fetchedAt, count: seen.size, error: undefined };
      // The listing is complete now: the window hears so at once, and the cache is written behind it.
      unsaved.set(profileId, { fetchedAt, machines: [...seen.values()] });
    } catch (error) {
      if (controller.signal.aborted) return;
      entry.failures++;
      entry.status = {
        ...entry.status,
        // The cached rows stay visible: a failed refresh says why next to them.
        state: 'failed',
        error: toIpcError(error),
        count: entry.machines.size,
      };
    } finally {
      if (entry.controller === controller) {
        entry.controller = undefined;
        schedule(entry);
        publish(entry);
        saveWhenIdle();
      }
    }
  }

  const refreshKnown = async (profileIds?: readonly string[]): Promise<void> => {
    await loadCaches();
    // A profile removed meanwhile is skipped rather than given a fresh entry.
    const known = new Set(connections.list().map((p) => p.id));
    const ids = (profileIds ?? [...known]).filter((id) => known.has(id));
    // Each profile on its own: one slow or failing system never holds the others back.
    await Promise.all(ids.map((id) => refreshProfile(id)));
  };

  const machine = (id: string): Machine => {
    const profileId = id.slice(0, id.indexOf('/'));
    const found = profiles.get(profileId)?.machines.get(id);
    if (!found)
      throw new VantageError('NOT_FOUND', 'This machine is no longer in the inventory: refresh it.', { id });
    return found;
  };

  return {
    async snapshot(): Promise<InventorySnapshot> {
      await loadCaches();
      const known = new Set(connections.list().map((p) => p.id));
      const statuses: InventoryStatus[] = [];
      const machines: Machine[] = [];
      for (const [profileId, entry] of profiles) {
        if (!known.has(profileId)) continue;
        statuses.push({ ...entry.status });
        for (const m of entry.machines.values()) machines.push(m);
      }
      return { statuses, machines };
    },
    /** Throws NOT_FOUND at once (not in the promise) for an unknown id: nothing starts, no entry is made for it. */
    refresh(profileIds?: readonly string[]): Promise<void> {
      for (const id of profileIds ?? []) connections.get(id);
      return refreshKnown(profileIds);
    },
    machine,
    /** Replaces one row (after an action), and tells the window. */
    update(next: Machine): void {
      const entry = profiles.get(next.profileId);
      if (!entry) return;
      entry.machines.set(next.id, next);
      bus.publish('inventory.rows', {
        profileId: next.profileId,
        generation: entry.status.generation,
        rows: [next],
      });
    },
    async details(id: string): Promise<MachineDetails> {
      const m = machine(id);
      return { machine: m, raw: await connections.connector(m.profileId).details(m) };
    },
    setAutoRefresh(seconds: number): void {
      autoRefreshMs = seconds * 1000;
      for (const entry of profiles.values()) schedule(entry);
    },
    async forget(profileId: string): Promise<void> {
      const entry = profiles.get(profileId);
      entry?.controller?.abort();
      clearTimeout(entry?.timer);
      profiles.delete(profileId);
      unsaved.delete(profileId);
      // A write in flight would bring the file back after its removal.
      await Promise.all(writes);
      await cache.remove(profileId);
    },
    /** Stops refreshes, writes the listings not yet cached and waits for them, so a restart finds them on disk. */
    async dispose(): Promise<void> {
      for (const entry of profiles.values()) {
        entry.controller?.abort();
        clearTimeout(entry.timer);
      }
      saveListings();
      await Promise.all(writes);
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
