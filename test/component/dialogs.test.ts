import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import ConfirmDialog from '../../renderer/src/components/dialogs/ConfirmDialog.svelte';

const base = {
  open: true,
  title: 'Delete “Lab vCenter”?',
  message: 'Its saved secret goes too.',
  confirmLabel: 'Delete',
  danger: true,
};

describe('ConfirmDialog', () => {
  it('is a labelled modal dialog that confirms with its button', async () => {
    const onconfirm = vi.fn();
    render(ConfirmDialog, { ...base, onconfirm, oncancel: vi.fn() });
    const dialog = await screen.findByRole('dialog', { name: base.title });
    expect(dialog).toHaveAccessibleDescription(base.message);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onconfirm).toHaveBeenCalledOnce();
  });

  it('closes on Escape without confirming', async () => {
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    render(ConfirmDialog, { ...base, onconfirm, oncancel });
    const dialog = await screen.findByRole('dialog');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(oncancel).toHaveBeenCalled();
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('asks to type the count before a bulk action', async () => {
    const onconfirm = vi.fn();
    render(ConfirmDialog, { ...base, typedCount: 12, onconfirm, oncancel: vi.fn() });
    const button = await screen.findByRole('button', { name: 'Delete' });
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Type 12 to confirm'), '11');
    expect(button).toBeDisabled();
    await userEvent.clear(screen.getByLabelText('Type 12 to confirm'));
    await userEvent.type(screen.getByLabelText('Type 12 to confirm'), '12');
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(onconfirm).toHaveBeenCalledOnce();
  });
});
