import { describeError } from '../../lib/api';
import { notifications } from '../../stores/notifications.svelte';
import { profiles } from '../../stores/profiles.svelte';

/**
 * The IBM profile the Policies, Sources and Agents tabs administer: one choice shared by the three tabs, the first
 * IBM profile until the user picks another.
 */
class AdminProfile {
  #chosen = $state('');
  readonly choices = $derived(profiles.items.filter((p) => p.vendor === 'ibm-br'));
  readonly id = $derived(
    this.choices.some((p) => p.id === this.#chosen) ? this.#chosen : (this.choices[0]?.id ?? ''),
  );
  readonly profile = $derived(this.choices.find((p) => p.id === this.id));

  choose(id: string): void {
    this.#chosen = id;
  }
}

export const adminProfile = new AdminProfile();

/**
 * A mutation from one of the tabs: main makes it a task; the outcome is a notification. Resolves with the answer, or
 * undefined when it failed (the failure is notified unless `onerror` takes it).
 */
export async function act<T>(
  work: () => Promise<T>,
  success: (result: T) => string,
  onerror?: (message: string) => void,
): Promise<T | undefined> {
  try {
    const result = await work();
    notifications.push('success', success(result));
    return result;
  } catch (failure) {
    const message = describeError(failure);
    if (onerror) onerror(message);
    else notifications.push('error', message);
    return undefined;
  }
}

/** A dialog's mutation: busy while it runs, then main's refusal kept in the dialog (success is notified). */
export class DialogWork {
  busy = $state(false);
  error: string | undefined = $state();

  reset(): void {
    this.error = undefined;
  }

  async run<T>(work: () => Promise<T>, success: (result: T) => string): Promise<T | undefined> {
    this.busy = true;
    this.error = undefined;
    try {
      return await act(work, success, (message) => (this.error = message));
    } finally {
      this.busy = false;
    }
  }
}
