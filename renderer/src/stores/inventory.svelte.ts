import type { InventoryRows, InventoryStatus } from '../../../common/inventory';
import type { Machine } from '../../../common/machines';
import { api, describeError } from '../lib/api';
import { profilesToRefresh, refreshOnOpenPolicy } from '../lib/refresh-on-open';

interface Held {
  machine: Machine;
  generation: number;
}

/**
 * How long pages wait before the table is rebuilt. Small inventories show every page almost at once; a large one is
 * rebuilt (and re-sorted) at most twice a second while it streams in, so the window does not take the CPU that
 * main needs to finish the refresh.
 */
const flushDelay = (rows: number): number => (rows < 5000 ? 80 : 500);

/**
 * The window's copy of the inventory. Pages arrive as events while profiles refresh; they are merged by id and the
 * visible array is rebuilt on a short timer (see flushDelay), so 100 000 rows stream in without re-rendering per page.
 */
class InventoryStore {
  rows: Machine[] = $state.raw([]);
  statuses: Record<string, InventoryStatus> = $state.raw({});
  loaded = $state(false);
  error: string | undefined = $state();
  #held = new Map<string, Held>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stop: (() => void)[] = [];

  #flush = (): void => {
    this.#timer = undefined;
    const next: Machine[] = new Array<Machine>(this.#held.size);
    let i = 0;
    for (const held of this.#held.values()) next[i++] = held.machine;
    this.rows = next;
  };

  #schedule(): void {
    if (this.#timer === undefined) this.#timer = setTimeout(this.#flush, flushDelay(this.#held.size));
  }

  #onRows = (page: InventoryRows): void => {
    for (const machine of page.rows) this.#held.set(machine.id, { machine, generation: page.generation });
    this.#schedule();
  };

  #onStatus = (status: InventoryStatus): void => {
    this.statuses = { ...this.statuses, [status.profileId]: status };
    if (status.state === 'ok') {
      // Rows of this profile not seen in the refresh that just completed are gone upstream.
      for (const [id, held] of this.#held)
        if (held.machine.profileId === status.profileId && held.generation < status.generation)
          this.#held.delete(id);
      this.#schedule();
    }
  };

  async start(): Promise<void> {
    if (this.#stop.length) return;
    this.#stop.push(api().on('inventory.rows', this.#onRows), api().on('inventory.status', this.#onStatus));
    try {
      const snapshot = await api().inventory.snapshot();
      for (const status of snapshot.statuses)
        this.statuses = { ...this.statuses, [status.profileId]: status };
      for (const machine of snapshot.machines)
        if (!this.#held.has(machine.id))
          this.#held.set(machine.id, {
            machine,
            generation: this.statuses[machine.profileId]?.generation ?? 0,
          });
      this.#flush();
      // The cached rows are on screen already; what is older than the set age is re-read behind them.
      const stale = profilesToRefresh(snapshot.statuses, await refreshOnOpenPolicy());
      if (stale.length) void this.refresh(stale).catch(() => undefined);
    } catch (failure) {
      this.error = describeError(failure);
    } finally {
      this.loaded = true;
    }
  }

  /** Drops what belongs to profiles that no longer exist. */
  prune(profileIds: ReadonlySet<string>): void {
    let changed = false;
    for (const [id, held] of this.#held)
      if (!profileIds.has(held.machine.profileId)) {
        this.#held.delete(id);
        changed = true;
      }
    if (changed) this.#schedule();
  }

  async refresh(profileIds?: string[]): Promise<void> {
    await api().inventory.refresh(profileIds ? { profileIds } : {});
  }
}

export const inventory = new InventoryStore();
