import type { InventoryStatus } from '../../../common/inventory';
import { api } from '../lib/api';
import { inventory } from './inventory.svelte';

interface Request {
  profileId: string;
  /** What failed for want of the secret, tried again once it is given. */
  retry: () => void;
}

/**
 * Profiles whose secret main does not have (SECRET_REQUIRED): one prompt at a time, then a retry. A profile the
 * user declined is not asked for again in this session unless something the user did asks for it (a test).
 */
class SecretPromptStore {
  queue: Request[] = $state([]);
  #declined = new Set<string>();
  #stop: (() => void) | undefined;

  ask(profileId: string, retry: () => void, byUser = false): void {
    if (byUser) this.#declined.delete(profileId);
    if (this.#declined.has(profileId) || this.queue.some((r) => r.profileId === profileId)) return;
    this.queue = [...this.queue, { profileId, retry }];
  }

  /** The current prompt ended: answered (retry) or declined. */
  done(answered: boolean): void {
    const [current, ...rest] = this.queue;
    this.queue = rest;
    if (!current) return;
    if (answered) current.retry();
    else this.#declined.add(current.profileId);
  }

  // A refresh (on open, automatic or asked) that failed for want of the secret asks for it.
  #onStatus = (status: InventoryStatus): void => {
    if (status.state === 'failed' && status.error?.code === 'SECRET_REQUIRED')
      this.ask(status.profileId, () => void inventory.refresh([status.profileId]));
  };

  start(): () => void {
    this.#stop ??= api().on('inventory.status', this.#onStatus);
    return () => {
      this.#stop?.();
      this.#stop = undefined;
    };
  }
}

export const secretPrompt = new SecretPromptStore();
