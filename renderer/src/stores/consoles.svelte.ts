import { consoleSupport, type ConsoleSupport } from '../../../common/consoles';
import type { Machine } from '../../../common/machines';

export interface ConsoleTab {
  /** The machine's id: one tab per machine. */
  id: string;
  /** A short unique key for element ids (machine ids hold slashes and spaces). */
  key: number;
  machine: Machine;
  support: ConsoleSupport;
}

/**
 * The open console tabs. Any view opens a machine's console with `openConsole(machine)`: the tab is added (or
 * brought forward) and the app switches to the Consoles view. Machines without an embedded console get a tab that
 * says why and what to do instead (VMware Remote Console for vCenter; nothing for Danube Cloud and IBM).
 */
class ConsolesStore {
  tabs: ConsoleTab[] = $state([]);
  activeId: string | undefined = $state();
  #reveal: () => void = () => undefined;
  #nextKey = 1;

  /** The app registers how to show the Consoles view. */
  onReveal(show: () => void): void {
    this.#reveal = show;
  }

  open(machine: Machine): void {
    if (!this.tabs.some((t) => t.id === machine.id))
      this.tabs = [
        ...this.tabs,
        { id: machine.id, key: this.#nextKey++, machine, support: consoleSupport(machine) },
      ];
    this.activeId = machine.id;
    this.#reveal();
  }

  close(id: string): void {
    const index = this.tabs.findIndex((t) => t.id === id);
    if (index < 0) return;
    this.tabs = this.tabs.filter((t) => t.id !== id);
    if (this.activeId === id) this.activeId = (this.tabs[index] ?? this.tabs[index - 1])?.id;
  }

  select(id: string): void {
    if (this.tabs.some((t) => t.id === id)) this.activeId = id;
  }
}

export const consoles = new ConsolesStore();

/** Opens a machine's console in a tab of the Consoles view (what an "Open console" button calls). */
export function openConsole(machine: Machine): void {
  consoles.open(machine);
}

export { consoleSupport };
