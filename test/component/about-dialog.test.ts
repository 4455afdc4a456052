import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { AppInfo, Diagnostics } from '../../common/app';
import AboutDialog from '../../renderer/src/components/AboutDialog.svelte';

const info: AppInfo = {
  name: 'Vantage',
  version: '3.1.4',
  platform: 'linux',
  arch: 'x64',
  dataDirectory: '/home/sam/.config/Vantage',
  runtime: 'electron',
  versions: { node: '24.0.0', electron: '45.4.1', chromium: '140.0' },
};
const diagnostics: Diagnostics = {
  checkedAt: '2026-11-22T08:00:00Z',
  keychain: { status: 'unavailable', summary: 'No OS keychain is reachable.', detail: 'no D-Bus' },
  network: { status: 'ok', summary: 'Network interfaces up: eth0.' },
  disk: { status: 'ok', summary: 'Writable.' },
};

function stubApi(overrides: Partial<{ info: () => Promise<unknown> }> = {}) {
  vi.stubGlobal('vantage', {
    app: {
      info: overrides.info ?? (() => Promise.resolve(info)),
      diagnostics: () => Promise.resolve(diagnostics),
    },
    on: () => () => undefined,
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('AboutDialog', () => {
  it('shows versions, data directory and subsystem status from main', async () => {
    stubApi();
    render(AboutDialog, { open: true, onclose: vi.fn() });
    expect(await screen.findByText('3.1.4')).toBeInTheDocument();
    expect(screen.getByText('45.4.1')).toBeInTheDocument();
    expect(screen.getByText('/home/sam/.config/Vantage')).toBeInTheDocument();
    expect(await screen.findByTestId('subsystem-keychain')).toHaveTextContent(/unavailable.*No OS keychain/);
  });

  it('says why when main answers with an error', async () => {
    stubApi({
      // main's errors arrive as plain objects
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      info: () => Promise.reject({ name: 'VantageError', code: 'INTERNAL', message: 'main is busy' }),
    });
    render(AboutDialog, { open: true, onclose: vi.fn() });
    expect(await screen.findByRole('alert')).toHaveTextContent('main is busy');
  });
});
