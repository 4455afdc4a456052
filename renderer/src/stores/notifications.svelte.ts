import type { Notice } from '../../../common/app';
import type { Task } from '../../../common/inventory';
import { plural } from '../../../common/plural';
import { api } from '../lib/api';

export type NotificationLevel = 'success' | 'info' | 'warning' | 'error';

export interface AppNotification {
  id: number;
  level: NotificationLevel;
  message: string;
  at: Date;
  /** Seen: dismissed, faded (successes and information) or shown in the history panel. */
  read: boolean;
}

/** How long a success or a piece of information stays on screen; warnings and failures stay until read. */
export const FADE_MS = 5000;
const KEPT = 200;

const fades = (level: NotificationLevel): boolean => level === 'success' || level === 'info';

/** One sentence for a whole action: a bulk action over 40 machines is one notification, not 40. */
export function summarise(tasks: readonly Task[]): Omit<AppNotification, 'id' | 'at' | 'read'> {
  const [first] = tasks;
  if (!first) return { level: 'info', message: '' };
  if (tasks.length === 1)
    return {
      level: first.state === 'succeeded' ? 'success' : first.state === 'cancelled' ? 'warning' : 'error',
      message: `${first.actionLabel} ${first.machineName}: ${first.message ?? first.state}`,
    };
  const count = (state: Task['state']) => tasks.filter((t) => t.state === state).length;
  const [succeeded, failed, cancelled] = [count('succeeded'), count('failed'), count('cancelled')];
  const parts = [
    succeeded ? `${succeeded} succeeded` : '',
    failed ? `${failed} failed` : '',
    cancelled ? `${cancelled} cancelled` : '',
  ].filter(Boolean);
  return {
    level: failed ? 'error' : cancelled ? 'warning' : 'success',
    message: `${first.actionLabel} on ${plural(tasks.length, 'machine')}: ${parts.join(', ')}.${failed ? ' See Tasks for why.' : ''}`,
  };
}

/**
 * Every message for the user (main's notices, finished actions, the window's own outcomes): shown briefly in the
 * header, kept in a history the bell opens. Tasks of one bulk action are held until the last one ends.
 */
class NotificationsStore {
  history: AppNotification[] = $state([]);
  /** Shown in the header now, newest first. */
  live: AppNotification[] = $state([]);
  unread = $derived(this.history.filter((n) => !n.read).length);
  #nextId = 1;
  #batches = new Map<string, { ids: Set<string>; ended: Map<string, Task> }>();
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #stop: (() => void)[] = [];

  push(level: NotificationLevel, message: string): void {
    const notification: AppNotification = { id: this.#nextId++, level, message, at: new Date(), read: false };
    this.history = [notification, ...this.history].slice(0, KEPT);
    this.live = [notification, ...this.live];
    if (fades(level))
      this.#timers.set(
        notification.id,
        setTimeout(() => this.dismiss(notification.id), FADE_MS),
      );
  }

  /** Takes a notification off the header and counts it as read. */
  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.live = this.live.filter((n) => n.id !== id);
    this.history = this.history.map((n) => (n.id === id ? { ...n, read: true } : n));
  }

  /** The history was opened: everything in it has been seen. */
  markAllRead(): void {
    for (const n of this.live) this.dismiss(n.id);
    this.history = this.history.map((n) => (n.read ? n : { ...n, read: true }));
  }

  clear(): void {
    this.markAllRead();
    this.history = [];
  }

  #onTask = (task: Task): void => {
    const batch = this.#batches.get(task.batchId) ?? {
      ids: new Set<string>(),
      ended: new Map<string, Task>(),
    };
    batch.ids.add(task.id);
    this.#batches.set(task.batchId, batch);
  };

  #onFinished = (task: Task): void => {
    this.#onTask(task);
    const batch = this.#batches.get(task.batchId);
    if (!batch) return;
    batch.ended.set(task.id, task);
    if (batch.ended.size < batch.ids.size) return;
    this.#batches.delete(task.batchId);
    const { level, message } = summarise([...batch.ended.values()]);
    this.push(level, message);
  };

  #onNotice = (notice: Notice): void => this.push(notice.level, notice.message);

  start(): () => void {
    if (!this.#stop.length)
      this.#stop.push(
        api().on('app.notice', this.#onNotice),
        api().on('tasks.updated', this.#onTask),
        api().on('tasks.finished', this.#onFinished),
      );
    return () => {
      for (const stop of this.#stop) stop();
      this.#stop = [];
    };
  }
}

export const notifications = new NotificationsStore();
