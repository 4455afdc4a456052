import { EMPTY_SELECTION, type TableSelection } from '../components/table/table';
import { DEFAULT_COLUMNS, type Filters } from '../lib/inventory-view';
import { TablePrefs } from './table-prefs.svelte';

export type GroupBy = '' | 'profile' | 'host' | 'scope';

export const EMPTY_FILTERS: Filters = {
  query: '',
  vendor: '',
  profileId: '',
  folder: '',
  power: '',
  scope: '',
};

/**
 * What the user did to the inventory in this session: search, filters, grouping, sort, selection, the open
 * detail and the scroll position. It lives here, not in the view, so that it is still there after a visit to
 * another view (the view is unmounted meanwhile). Column choices and widths are kept by main (`columns`).
 */
class InventoryViewState {
  filters: Filters = $state({ ...EMPTY_FILTERS });
  groupBy: GroupBy = $state('');
  sortBy = $state('name');
  descending = $state(false);
  selection: TableSelection = $state.raw(EMPTY_SELECTION);
  detailId: string | undefined = $state();
  /** Not reactive: read once when the table mounts, written as the user scrolls. */
  scroll = { top: 0, left: 0 };
  readonly columns = new TablePrefs('inventory', DEFAULT_COLUMNS, 'name');

  sortOn(columnId: string): void {
    if (this.sortBy === columnId) this.descending = !this.descending;
    else {
      this.sortBy = columnId;
      this.descending = false;
    }
  }

  /** Back to a fresh start (tests; a future "reset view"). */
  reset(): void {
    this.filters = { ...EMPTY_FILTERS };
    this.groupBy = '';
    this.sortBy = 'name';
    this.descending = false;
    this.selection = EMPTY_SELECTION;
    this.detailId = undefined;
    this.scroll = { top: 0, left: 0 };
  }
}

export const inventoryView = new InventoryViewState();
