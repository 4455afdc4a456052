import type { ViewPrefs } from '../../../common/contract/view-prefs';
import type { TableColumn } from '../components/table/table';
import { api } from '../lib/api';

/** The columns a view shows, in its order and widths: known ids only, and the required column always there. */
export function applyPrefs<T>(
  all: readonly TableColumn<T>[],
  visible: readonly string[],
  widths: Readonly<Record<string, number>>,
): TableColumn<T>[] {
  const shown: TableColumn<T>[] = [];
  for (const id of visible) {
    const column = all.find((c) => c.id === id);
    if (column) shown.push(widths[id] ? { ...column, width: widths[id] } : column);
  }
  return shown;
}

/**
 * A view's column choices and widths, loaded from main once and saved back (shortly after the last change) so
 * they survive a restart. One instance per view, kept at module level so it also survives switching views.
 */
export class TablePrefs {
  visible: string[] = $state([]);
  widths: Record<string, number> = $state({});
  #loaded: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly view: string,
    readonly defaults: readonly string[],
    /** Always shown (e.g. the name). */
    readonly required: string,
  ) {
    this.visible = [...defaults];
  }

  load(): Promise<void> {
    return (this.#loaded ??= api()
      .viewPrefs.get({ view: this.view })
      .then(
        (prefs: ViewPrefs) => {
          if (prefs.columns?.length)
            this.visible = [this.required, ...prefs.columns.filter((id) => id !== this.required)];
          if (prefs.widths) this.widths = { ...prefs.widths };
        },
        // Remembered columns are a comfort: without them, the defaults.
        () => undefined,
      ));
  }

  toggle(id: string, on: boolean): void {
    if (id === this.required) return;
    this.visible = on ? [...this.visible.filter((c) => c !== id), id] : this.visible.filter((c) => c !== id);
    this.#save();
  }

  resize(id: string, width: number): void {
    this.widths = { ...this.widths, [id]: width };
    this.#save();
  }

  reset(): void {
    this.visible = [...this.defaults];
    this.widths = {};
    this.#save();
  }

  #save(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void api()
        // Plain copies: state proxies cannot be cloned across to main.
        .viewPrefs.set({
          view: this.view,
          prefs: $state.snapshot({ columns: this.visible, widths: this.widths }),
        })
        .catch(() => undefined);
    }, 250);
  }
}
