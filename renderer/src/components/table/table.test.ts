import { describe, expect, it } from 'vitest';

import {
  clampWidth,
  clickRow,
  EMPTY_SELECTION,
  extraAttributes,
  moveFocus,
  nextSort,
  selectAll,
  sizedColumn,
  textCells,
  type TableColumn,
  type TableItem,
} from './table';

interface Row {
  id: string;
}
const key = (r: Row): string => r.id;
const heading = (label: string): TableItem<Row> => ({ group: true, key: label, label, count: 0 });
// a, b, [group], c, d, e
const items: TableItem<Row>[] = [
  { id: 'a' },
  { id: 'b' },
  heading('g'),
  { id: 'c' },
  { id: 'd' },
  { id: 'e' },
];
const ids = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

describe('table selection', () => {
  it('a click selects one row; Ctrl toggles; Shift extends from the anchor over group headings', () => {
    let s = clickRow(items, key, EMPTY_SELECTION, 1, {});
    expect(ids(s)).toEqual(['b']);
    s = clickRow(items, key, s, 4, { toggle: true });
    expect(ids(s)).toEqual(['b', 'd']);
    s = clickRow(items, key, s, 4, { toggle: true });
    expect(ids(s)).toEqual(['b']);
    s = clickRow(items, key, clickRow(items, key, EMPTY_SELECTION, 0, {}), 4, { extend: true });
    expect(ids(s)).toEqual(['a', 'b', 'c', 'd']);
    expect(s).toMatchObject({ focused: 'd', anchor: 'a' });
    // A click on a heading changes nothing.
    expect(clickRow(items, key, s, 2, {})).toBe(s);
  });

  it('Shift+↓/↑ extend and shrink the range from the anchor; a plain move only moves the focus', () => {
    let s = clickRow(items, key, EMPTY_SELECTION, 3, {});
    let moved = moveFocus(items, key, s, 4, true);
    expect(ids(moved.selection)).toEqual(['c', 'd']);
    moved = moveFocus(items, key, moved.selection, 5, true);
    expect(ids(moved.selection)).toEqual(['c', 'd', 'e']);
    moved = moveFocus(items, key, moved.selection, 4, true);
    expect(ids(moved.selection)).toEqual(['c', 'd']);
    // Upwards past the heading: it is skipped, the range covers b..c.
    s = moved.selection;
    moved = moveFocus(items, key, moveFocus(items, key, s, 3, true).selection, 2, true);
    expect(moved.index).toBe(1);
    expect(ids(moved.selection)).toEqual(['b', 'c']);
    const plain = moveFocus(items, key, moved.selection, 5, false);
    expect(plain.selection.focused).toBe('e');
    expect(ids(plain.selection)).toEqual(['b', 'c']);
  });

  it('selects every row but headings; clamps widths', () => {
    expect(ids(selectAll(items, key, EMPTY_SELECTION))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(clampWidth(3)).toBe(48);
    expect(clampWidth(90.4, 100)).toBe(100);
    expect(clampWidth(1e6)).toBe(2000);
  });
});

describe('sorting and column widths', () => {
  it('turns the order of the same column round, sorts another ascending', () => {
    expect(nextSort({ sortBy: 'name', descending: false }, 'name')).toEqual({
      sortBy: 'name',
      descending: true,
    });
    expect(nextSort({ sortBy: 'name', descending: true }, 'status')).toEqual({
      sortBy: 'status',
      descending: false,
    });
  });

  it('keeps a resized width, else the default', () => {
    const column = sizedColumn<{ n: string }>({ a: 300 });
    expect(column('a', 'A', 100, (r) => r.n).width).toBe(300);
    expect(column('b', 'B', 100, (r) => r.n).width).toBe(100);
  });
});

describe('row attributes', () => {
  it("sets a row's extra attributes and removes them when the slot shows another row", () => {
    const element = document.createElement('div');
    element.setAttribute('role', 'row');
    const detach = extraAttributes({ 'data-group': 'Gold', 'data-state': 'ok' })(element);
    expect([element.getAttribute('data-group'), element.getAttribute('data-state')]).toEqual(['Gold', 'ok']);
    detach();
    expect(element.getAttributeNames()).toEqual(['role']);
  });
});

describe('textCells', () => {
  interface Vm {
    name: string;
    cpus: number;
  }
  const columns: TableColumn<Vm>[] = [
    { id: 'name', label: 'Name', width: 100, value: (v) => v.name },
    { id: 'cpus', label: 'CPUs', width: 60, numeric: true, value: (v) => v.cpus },
  ];
  const cells = (row: Element) =>
    [...row.children].map((c) => [
      c.getAttribute('role'),
      c.getAttribute('aria-colindex'),
      c.classList.contains('numeric'),
      c.textContent,
    ]);

  it('writes one grid cell per column, numbers marked, and reuses them for the next row the slot shows', () => {
    const row = document.createElement('div');
    textCells<Vm>({ name: 'web-01', cpus: 4 }, columns)(row);
    expect(cells(row)).toEqual([
      ['gridcell', '1', false, 'web-01'],
      ['gridcell', '2', true, '4'],
    ]);
    const first = row.children[0];
    textCells<Vm>({ name: 'db-02', cpus: 16 }, columns)(row);
    expect(row.children[0]).toBe(first);
    expect(cells(row).map((c) => c[3])).toEqual(['db-02', '16']);
  });

  it('follows the columns when they change, and writes nothing for a missing value', () => {
    const row = document.createElement('div');
    textCells<Vm>({ name: 'web-01', cpus: 4 }, columns)(row);
    const fewer: TableColumn<Vm>[] = [{ id: 'cpus', label: 'CPUs', width: 60, value: () => undefined }];
    textCells<Vm>({ name: 'web-01', cpus: 4 }, fewer)(row);
    expect(cells(row)).toEqual([['gridcell', '1', false, '']]);
  });
});
