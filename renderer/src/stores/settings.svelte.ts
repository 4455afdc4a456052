import { DEFAULT_SETTINGS, type Settings, type SettingsPatch, type Theme } from '../../../common/settings';
import { api, describeError } from '../lib/api';
import { setRefreshOnOpenPolicy } from '../lib/refresh-on-open';

/** Shows the chosen theme at once: `system` leaves light or dark to the operating system (app.css). */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** The settings main keeps, mirrored for the window; every change goes to main first and comes back as an event. */
class SettingsStore {
  current: Settings = $state({ ...DEFAULT_SETTINGS });
  loaded = $state(false);
  error: string | undefined = $state();
  #stop: (() => void) | undefined;

  #take = (settings: Settings): void => {
    this.current = settings;
    applyTheme(settings.theme);
  };

  start(): () => void {
    this.#stop ??= api().on('settings.changed', this.#take);
    api()
      .settings.get()
      .then(this.#take, (failure: unknown) => (this.error = describeError(failure)))
      .finally(() => (this.loaded = true));
    return () => {
      this.#stop?.();
      this.#stop = undefined;
    };
  }

  async update(patch: SettingsPatch): Promise<void> {
    this.error = undefined;
    try {
      this.#take(await api().settings.update(patch));
    } catch (failure) {
      this.error = describeError(failure);
    }
  }
}

export const settings = new SettingsStore();

// The inventory asks at start whether to refresh in the background: the user's settings answer (main keeps them).
setRefreshOnOpenPolicy(async () => {
  const now = await api().settings.get();
  return { enabled: now.refreshOnOpen, ageMinutes: now.refreshAgeMinutes };
});
