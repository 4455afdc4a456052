import type { Task } from '../../../common/inventory';
import { api } from '../lib/api';

/** Running and recent tasks, kept current by main's events. */
class TasksStore {
  items: Task[] = $state.raw([]);
  #started = false;

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    api().on('tasks.updated', (task) => {
      const index = this.items.findIndex((t) => t.id === task.id);
      this.items = index < 0 ? [task, ...this.items] : this.items.with(index, task);
    });
    const known = await api().tasks.list();
    const seen = new Set(this.items.map((t) => t.id));
    this.items = [...this.items, ...known.filter((t) => !seen.has(t.id))];
  }
}

export const tasks = new TasksStore();
