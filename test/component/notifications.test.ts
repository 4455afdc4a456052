import { act, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Task } from '../../common/inventory';
import NotificationCenter from '../../renderer/src/components/NotificationCenter.svelte';
import { FADE_MS, notifications } from '../../renderer/src/stores/notifications.svelte';

type Handler = (payload: unknown) => void;
let handlers: Map<string, Handler[]>;
const emit = (name: string, payload: unknown) =>
  act(() => {
    for (const handler of handlers.get(name) ?? []) handler(payload);
  });

const task = (id: string, state: Task['state'], batchId = 'b1'): Task => ({
  id,
  batchId,
  profileId: 'p',
  profileName: 'Lab',
  machineId: `p/${id}`,
  machineName: `web-${id}`,
  actionId: 'stop',
  actionLabel: 'Stop',
  options: {},
  state,
  cancellable: false,
  startedAt: '2026-12-07T10:00:00Z',
  ...(state === 'failed' ? { message: 'the node refused' } : {}),
});

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  handlers = new Map();
  vi.stubGlobal('vantage', {
    on: (name: string, handler: Handler) => {
      handlers.set(name, [...(handlers.get(name) ?? []), handler]);
      return () =>
        handlers.set(
          name,
          (handlers.get(name) ?? []).filter((h) => h !== handler),
        );
    },
  });
});
afterEach(() => {
  notifications.clear();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('NotificationCenter', () => {
  it('lets a success fade after a few seconds and keeps it in the history', async () => {
    render(NotificationCenter);
    await emit('tasks.updated', task('1', 'queued'));
    await emit('tasks.finished', task('1', 'succeeded'));
    expect(screen.getByTestId('notice')).toHaveTextContent('Stop web-1: succeeded');
    await act(() => vi.advanceTimersByTime(FADE_MS + 100));
    expect(screen.queryByTestId('notice')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    expect(
      within(screen.getByRole('list', { name: 'Notification history' })).getByText(/Stop web-1/),
    ).toBeVisible();
  });

  it('keeps a failure until it is dismissed, and counts it unread', async () => {
    render(NotificationCenter);
    await emit('app.notice', { level: 'error', message: 'The keychain is locked.' });
    await act(() => vi.advanceTimersByTime(10 * FADE_MS));
    expect(screen.getByTestId('notice')).toHaveTextContent('The keychain is locked.');
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByTestId('notice')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument();
  });

  it('gives a bulk action one summary when its last task ends', async () => {
    render(NotificationCenter);
    for (const id of ['1', '2', '3']) await emit('tasks.updated', task(id, 'queued'));
    await emit('tasks.finished', task('1', 'succeeded'));
    await emit('tasks.finished', task('2', 'failed'));
    expect(screen.queryByTestId('notice')).not.toBeInTheDocument();
    await emit('tasks.finished', task('3', 'succeeded'));
    const shown = screen.getAllByTestId('notice');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toHaveTextContent('Stop on 3 machines: 2 succeeded, 1 failed.');
    expect(shown[0]).toHaveAttribute('data-level', 'error');
  });
});
