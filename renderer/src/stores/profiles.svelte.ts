import type { ProfileView } from '../../../common/profiles';
import type { VendorId } from '../../../common/vendors';
import { api, describeError } from '../lib/api';

/** The profile list, kept in step with main: re-fetched whenever main says profiles changed. */
class ProfilesStore {
  items: ProfileView[] = $state([]);
  loaded = $state(false);
  error: string | undefined = $state();
  #unsubscribe: (() => void) | undefined;

  /** The system a profile connects to, while it exists. */
  vendorOf(id: string): VendorId | undefined {
    return this.items.find((p) => p.id === id)?.vendor;
  }

  async refresh(): Promise<void> {
    try {
      this.items = await api().profiles.list();
      this.error = undefined;
    } catch (failure) {
      this.error = describeError(failure);
    } finally {
      this.loaded = true;
    }
  }

  start(): () => void {
    this.#unsubscribe ??= api().on('profiles.changed', () => void this.refresh());
    void this.refresh();
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    };
  }
}

export const profiles = new ProfilesStore();
