import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import DataTable from '../../renderer/src/components/table/DataTable.svelte';
import {
  EMPTY_SELECTION,
  type TableColumn,
  type TableSelection,
} from '../../renderer/src/components/table/table';

interface Row {
  id: string;
  name: string;
  size: number;
}
const rows: Row[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `r${i}`, name: `row ${i}`, size: i }));
const columns: TableColumn<Row>[] = [
  { id: 'name', label: 'Name', width: 200, value: (r) => r.name },
  { id: 'size', label: 'Size', width: 80, value: (r) => r.size, numeric: true },
];

/** A table whose selection is kept by the test, as a view's store would. */
function setup(extra: Record<string, unknown> = {}) {
  let selection: TableSelection = EMPTY_SELECTION;
  const onresize = vi.fn();
  const onsort = vi.fn();
  const view = render(DataTable<Row>, {
    label: 'Things',
    items: rows,
    columns,
    rowKey: (r: Row) => r.id,
    selection,
    onselect: (next: TableSelection) => {
      selection = next;
      void view.rerender({ selection });
    },
    onresize,
    onsort,
    ...extra,
  });
  return {
    view,
    onresize,
    onsort,
    selected: () => [...selection.selected].sort(),
    focused: () => selection.focused,
  };
}
const row = (name: string) => screen.getByText(name, { exact: true }).closest('[role="row"]') as HTMLElement;

describe('DataTable', () => {
  it('renders only the rows in view of 100 000 and tells assistive technology the count and positions', () => {
    setup();
    const grid = screen.getByRole('grid', { name: 'Things' });
    expect(grid).toHaveAttribute('aria-rowcount', '100001');
    expect(grid).toHaveAttribute('aria-multiselectable', 'true');
    expect(screen.getAllByRole('row').length).toBeLessThan(100);
    expect(row('row 0')).toHaveAttribute('aria-rowindex', '2');
    expect(row('row 5')).toHaveAttribute('aria-rowindex', '7');
    expect(screen.getAllByRole('columnheader').map((h) => h.getAttribute('aria-colindex'))).toEqual([
      '1',
      '2',
    ]);
  });

  it('selects with click, Ctrl+click and Shift+click', async () => {
    const user = userEvent.setup();
    const t = setup();
    await user.click(row('row 2'));
    expect(t.selected()).toEqual(['r2']);
    expect(row('row 2')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Control>}');
    await user.click(row('row 4'));
    await user.keyboard('{/Control}');
    expect(t.selected()).toEqual(['r2', 'r4']);
    await user.keyboard('{Shift>}');
    await user.click(row('row 7'));
    await user.keyboard('{/Shift}');
    expect(t.selected()).toEqual(['r4', 'r5', 'r6', 'r7']);
  });

  it('moves the focus with the arrows, extends with Shift+↓/↑, toggles with Space, selects all with Ctrl+A', async () => {
    const user = userEvent.setup();
    const t = setup();
    await user.click(row('row 1'));
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    expect(t.selected()).toEqual(['r1', 'r2', 'r3']);
    expect(t.focused()).toBe('r3');
    // The focused row is the grid's active descendant, and is marked so that it is visible.
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-activedescendant')).toBe(row('row 3').id);
    expect(row('row 3')).toHaveClass('focused');
    await user.keyboard('{Shift>}{ArrowUp}{/Shift}');
    expect(t.selected()).toEqual(['r1', 'r2']);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(t.selected()).toEqual(['r1', 'r2']);
    expect(t.focused()).toBe('r4');
    await user.keyboard(' ');
    expect(t.selected()).toEqual(['r1', 'r2', 'r4']);
    await user.keyboard('{Control>}a{/Control}');
    expect(t.selected()).toHaveLength(100_000);
  });

  it('resizes a column from its edge, with the keyboard and by dragging', async () => {
    const user = userEvent.setup();
    const t = setup();
    const edge = screen.getByRole('separator', { name: 'Resize Name' });
    expect(edge).toHaveAttribute('aria-valuenow', '200');
    edge.focus();
    await user.keyboard('{ArrowRight}');
    expect(t.onresize).toHaveBeenLastCalledWith('name', 216);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(t.onresize).toHaveBeenLastCalledWith('name', 136);
    // jsdom has no pointer capture: give the element what the drag asks of it.
    edge.setPointerCapture = () => undefined;
    await fireEvent.pointerDown(edge, { pointerId: 1, clientX: 500 });
    await fireEvent.pointerMove(edge, { pointerId: 1, clientX: 560 });
    expect(edge).toHaveAttribute('aria-valuenow', '260');
    await fireEvent.pointerUp(edge, { pointerId: 1, clientX: 560 });
    expect(t.onresize).toHaveBeenLastCalledWith('name', 260);
  });

  it('sorts from the header and says which way', async () => {
    const user = userEvent.setup();
    const t = setup({ sortBy: 'size', descending: true });
    expect(screen.getByRole('columnheader', { name: /Size/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'none');
    await user.click(screen.getByRole('button', { name: 'Name' }));
    expect(t.onsort).toHaveBeenCalledWith('name');
  });

  it('gives each row its extra attributes, and the recycled slot those of the row it shows next', async () => {
    const { view } = setup({ rowData: (r: Row) => ({ 'data-thing': r.name }) });
    expect(row('row 3').getAttribute('data-thing')).toBe('row 3');
    await view.rerender({ items: rows.slice(10) });
    expect(row('row 10').getAttribute('data-thing')).toBe('row 10');
    expect(document.querySelectorAll('[data-thing="row 3"]')).toHaveLength(0);
  });
});
