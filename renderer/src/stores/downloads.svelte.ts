import type { DownloadItem } from '../../../common/contract/downloads';
import { api } from '../lib/api';
import { notifications } from './notifications.svelte';

/** The download manager's list, kept current by main's events; a notice when a download ends. */
class DownloadsStore {
  items: DownloadItem[] = $state.raw([]);
  /** The download a "Show in Downloads" asked for: the Downloads view selects it when it opens, once. */
  #shown: string | undefined;
  #started = false;
  #reveal: () => void = () => undefined;

  /** The app registers how to show the Downloads view. */
  onReveal(show: () => void): void {
    this.#reveal = show;
  }

  /** Switches to the Downloads view with that download selected. */
  reveal(id: string): void {
    this.#shown = id;
    this.#reveal();
  }

  /** The download to select on opening the view (taken once: a later visit keeps its own selection). */
  takeShown(): string | undefined {
    const id = this.#shown;
    this.#shown = undefined;
    return id;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    api().on('downloads.changed', (item) => {
      const index = this.items.findIndex((d) => d.id === item.id);
      const before = index < 0 ? undefined : this.items[index];
      this.items = index < 0 ? [item, ...this.items] : this.items.with(index, item);
      if (before?.state !== item.state) this.#announce(item);
    });
    api().on('downloads.removed', ({ id }) => (this.items = this.items.filter((d) => d.id !== id)));
    const known = await api().downloads.list();
    const seen = new Set(this.items.map((d) => d.id));
    this.items = [...this.items, ...known.filter((d) => !seen.has(d.id))];
  }

  #announce(item: DownloadItem): void {
    if (item.state === 'completed')
      notifications.push(
        'success',
        `Downloaded ${item.fileName} to ${item.folder} (SHA-256 ${item.sha256 ?? '?'}).`,
      );
    else if (item.state === 'failed')
      notifications.push(
        'error',
        `The download of ${item.fileName} failed: ${item.error?.message ?? 'unknown error'}`,
      );
  }
}

export const downloads = new DownloadsStore();
