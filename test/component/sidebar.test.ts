import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import Sidebar from '../../renderer/src/components/Sidebar.svelte';
import { VIEWS, viewForShortcut } from '../../renderer/src/lib/views';

describe('Sidebar', () => {
  it('lists every view and marks the current one', () => {
    render(Sidebar, { current: 'tasks', onselect: vi.fn(), onabout: vi.fn() });
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(nav).toBeInTheDocument();
    for (const view of VIEWS) expect(screen.getByRole('button', { name: view.label })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Tasks' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Inventory' })).not.toHaveAttribute('aria-current');
  });

  it('moves focus with the arrow keys and selects with Enter', async () => {
    const user = userEvent.setup();
    const onselect = vi.fn();
    render(Sidebar, { current: 'inventory', onselect, onabout: vi.fn() });
    screen.getByRole('button', { name: 'Inventory' }).focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('button', { name: 'Consoles' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('button', { name: 'Audit' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onselect).toHaveBeenCalledWith(expect.objectContaining({ id: 'audit' }));
  });

  it('maps Ctrl+1..9 and Ctrl+0 to the views in order', () => {
    expect(viewForShortcut('1')?.id).toBe('inventory');
    expect(viewForShortcut('9')?.id).toBe('settings');
    expect(viewForShortcut('0')?.id).toBe('audit');
    expect(viewForShortcut('a')).toBeUndefined();
  });
});
