import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../common/settings';
import { settings as store } from '../../renderer/src/stores/settings.svelte';
import SettingsView from '../../renderer/src/views/settings/SettingsView.svelte';

function stubMain() {
  let current: Settings = { ...DEFAULT_SETTINGS };
  const update = vi.fn((patch: SettingsPatch) => {
    current = { ...current, ...patch };
    return Promise.resolve(current);
  });
  const openDataFolder = vi.fn(() =>
    // main's errors arrive as plain objects
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    Promise.reject({ code: 'UNSUPPORTED', message: 'Only the desktop app opens folders.' }),
  );
  vi.stubGlobal('vantage', {
    app: {
      info: () => Promise.resolve({ dataDirectory: '/home/sam/.config/Vantage' }),
      diagnostics: () =>
        Promise.resolve({
          checkedAt: '2026-12-07T10:00:00Z',
          keychain: { status: 'unavailable', summary: 'No OS keychain is reachable.' },
          network: { status: 'ok', summary: 'Network interfaces up: eth0.' },
          disk: { status: 'ok', summary: 'Writable.' },
        }),
    },
    settings: { get: () => Promise.resolve(current), update, openDataFolder },
    on: () => () => undefined,
  });
  return { update, openDataFolder };
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.theme;
});

describe('SettingsView', () => {
  it('applies a theme at once and asks main to keep it', async () => {
    const { update } = stubMain();
    store.start();
    render(SettingsView);
    await userEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(update).toHaveBeenCalledWith({ theme: 'dark' });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await userEvent.click(screen.getByRole('radio', { name: 'Same as the system' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
  });

  it('saves refresh on open, its age and the automatic refresh', async () => {
    const { update } = stubMain();
    store.start();
    render(SettingsView);
    await userEvent.click(screen.getByRole('checkbox', { name: /Refresh in the background/ }));
    expect(update).toHaveBeenCalledWith({ refreshOnOpen: false });
    await userEvent.click(screen.getByRole('checkbox', { name: /Refresh in the background/ }));
    const age = screen.getByLabelText(/older than/);
    await userEvent.clear(age);
    await userEvent.type(age, '45');
    await userEvent.tab();
    expect(update).toHaveBeenCalledWith({ refreshAgeMinutes: 45 });
    await userEvent.selectOptions(screen.getByLabelText('Automatic refresh'), 'Every 15 minutes');
    expect(update).toHaveBeenCalledWith({ autoRefreshMinutes: 15 });
  });

  it('shows the data folder, diagnostics, and why the folder cannot open here', async () => {
    const { openDataFolder } = stubMain();
    store.start();
    render(SettingsView);
    expect(await screen.findByTestId('data-folder')).toHaveTextContent('/home/sam/.config/Vantage');
    expect(await screen.findByTestId('subsystem-keychain')).toHaveTextContent(/unavailable.*No OS keychain/);
    await userEvent.click(screen.getByRole('button', { name: 'Open the data folder' }));
    expect(openDataFolder).toHaveBeenCalled();
    expect(await screen.findByRole('alert')).toHaveTextContent('Only the desktop app opens folders.');
  });
});
