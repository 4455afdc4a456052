/**
 * The shared table's model: columns as data, group headings between rows, and the selection as a value that a view
 * keeps in its own store (so that it survives switching views). Pure functions, tested without a DOM.
 */

export interface TableColumn<T> {
  id: string;
  label: string;
  /** Width in CSS pixels; the user may resize it down to `minWidth`. */
  width: number;
  minWidth?: number;
  numeric?: boolean;
  value: (row: T) => string | number | undefined;
}

/** A heading between rows (grouping); never selectable. */
export interface TableGroup {
  group: true;
  key: string;
  label: string;
  count: number;
}
export type TableItem<T> = T | TableGroup;

export const isGroup = <T extends object>(item: TableItem<T>): item is TableGroup => 'group' in item;

/**
 * A row's extra attributes (`rowData`) as an attachment. Spread on the row, they would send every attribute of the
 * row (id, class, ARIA, style, handlers) through Svelte's generic spread path on each update, the costliest part of
 * drawing a row; this way only these few are set, and removed again when the slot shows another row.
 */
export function extraAttributes(attributes: Readonly<Record<string, string>> | undefined) {
  return (element: Element): (() => void) => {
    const entries = Object.entries(attributes ?? {});
    for (const [name, value] of entries) element.setAttribute(name, value);
    return () => {
      for (const [name] of entries) element.removeAttribute(name);
    };
  };
}

/**
 * A plain row's cells (text only), written by one attachment per row. Drawn by the template, each cell cost a block,
 * an effect and a derived value: about 0.1 ms, 1.5 ms a row, most of the time a 2,000-group listing took to appear.
 * A slot that shows another row keeps its cells and has their text replaced.
 */
export function textCells<T>(item: T, columns: readonly TableColumn<T>[]) {
  return (row: Element): void => {
    while (row.children.length > columns.length) row.lastElementChild?.remove();
    columns.forEach((column, c) => {
      let span = row.children[c];
      if (!span) {
        span = row.ownerDocument.createElement('span');
        span.setAttribute('role', 'gridcell');
        row.append(span);
      }
      span.setAttribute('aria-colindex', String(c + 1));
      span.classList.toggle('numeric', column.numeric === true);
      const text = String(column.value(item) ?? '');
      if (span.textContent !== text) span.textContent = text;
    });
  };
}

export const MIN_COLUMN_WIDTH = 48;
export const MAX_COLUMN_WIDTH = 2000;
export const clampWidth = (width: number, min = MIN_COLUMN_WIDTH): number =>
  Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(min, width)));

/** Selected row keys, the focused row and the anchor a Shift range starts from. Replaced, never mutated. */
export interface TableSelection {
  selected: ReadonlySet<string>;
  focused?: string;
  anchor?: string;
}

export const EMPTY_SELECTION: TableSelection = { selected: new Set() };

type KeyOf<T> = (row: T) => string;

/** Where a key is among the items (-1 when filtered out); looked up on a click or a key only. */
export function indexOfKey<T extends object>(
  items: readonly TableItem<T>[],
  key: KeyOf<T>,
  wanted?: string,
): number {
  if (wanted === undefined) return -1;
  return items.findIndex((item) => !isGroup(item) && key(item) === wanted);
}

function range<T extends object>(
  items: readonly TableItem<T>[],
  key: KeyOf<T>,
  a: number,
  b: number,
): string[] {
  const [from, to] = a < b ? [a, b] : [b, a];
  const keys: string[] = [];
  for (let i = Math.max(0, from); i <= to && i < items.length; i++) {
    const item = items[i] as TableItem<T>;
    if (!isGroup(item)) keys.push(key(item));
  }
  return keys;
}

/**
 * A click (or Space) on row `index`: alone it selects that row only; `toggle` (Ctrl/Cmd, Space) adds or removes it;
 * `extend` (Shift) selects from the anchor to it, added to the rest when toggling.
 */
export function clickRow<T extends object>(
  items: readonly TableItem<T>[],
  key: KeyOf<T>,
  current: TableSelection,
  index: number,
  mode: { toggle?: boolean; extend?: boolean },
): TableSelection {
  const item = items[index];
  if (!item || isGroup(item)) return current;
  const id = key(item);
  const anchorIndex = indexOfKey(items, key, current.anchor);
  const next = new Set(mode.toggle ? current.selected : []);
  if (mode.extend && anchorIndex >= 0) {
    for (const k of range(items, key, anchorIndex, index)) next.add(k);
    return { selected: next, focused: id, anchor: current.anchor };
  }
  if (mode.toggle && next.has(id)) next.delete(id);
  else next.add(id);
  return { selected: next, focused: id, anchor: id };
}

/**
 * Moves the focus to row `to` (clamped, skipping group headings in the direction of travel). With `extend`
 * (Shift+↑/↓, Shift+Page, Shift+Home/End) the selection becomes the range from the anchor to the new row.
 */
export function moveFocus<T extends object>(
  items: readonly TableItem<T>[],
  key: KeyOf<T>,
  current: TableSelection,
  to: number,
  extend: boolean,
): { selection: TableSelection; index: number } {
  const from = indexOfKey(items, key, current.focused);
  const step = to >= from ? 1 : -1;
  let index = Math.max(0, Math.min(items.length - 1, to));
  while (items[index] && isGroup(items[index] as TableItem<T>)) {
    const nextIndex = index + step;
    if (nextIndex < 0 || nextIndex >= items.length) break;
    index = nextIndex;
  }
  const item = items[index];
  if (!item || isGroup(item)) return { selection: current, index: from };
  const id = key(item);
  if (!extend) return { selection: { ...current, focused: id }, index };
  const anchor = current.anchor ?? current.focused ?? id;
  const anchorIndex = indexOfKey(items, key, anchor);
  return {
    selection: {
      selected: new Set(range(items, key, anchorIndex < 0 ? index : anchorIndex, index)),
      focused: id,
      anchor,
    },
    index,
  };
}

/** Every row (Ctrl+A). */
export function selectAll<T extends object>(
  items: readonly TableItem<T>[],
  key: KeyOf<T>,
  current: TableSelection,
): TableSelection {
  return { ...current, selected: new Set(range(items, key, 0, items.length - 1)) };
}

/** A click on a column heading: the same column turns its order round, another one sorts ascending. */
export function nextSort<K extends string>(
  current: { sortBy: K; descending: boolean },
  key: K,
): { sortBy: K; descending: boolean } {
  return current.sortBy === key
    ? { sortBy: key, descending: !current.descending }
    : { sortBy: key, descending: false };
}

/** A column factory whose widths are the user's where resized (`widths`), else the given default. */
export const sizedColumn =
  <T>(widths: Readonly<Record<string, number>>) =>
  (id: string, label: string, width: number, value: (row: T) => string | undefined): TableColumn<T> => ({
    id,
    label,
    width: widths[id] ?? width,
    value,
  });
