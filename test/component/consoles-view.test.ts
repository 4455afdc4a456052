import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Machine } from '../../common/machines';
import type { VendorId } from '../../common/vendors';
import { consoles, consoleSupport, openConsole } from '../../renderer/src/stores/consoles.svelte';
import ConsolesView from '../../renderer/src/views/consoles/ConsolesView.svelte';

const machine = (vendor: VendorId, name: string, power: Machine['power'] = 'running'): Machine => ({
  id: `p-${vendor}/${name}`,
  profileId: `p-${vendor}`,
  vendor,
  vendorId: name,
  kind: 'vm',
  name,
  power,
  vendorState: power,
  addresses: [],
  tags: [],
  updatedAt: '2026-01-01T00:00:00Z',
});

// The page API, as far as this view reaches it: the picker's inventory and the VMRC request.
const launchExternal = vi.fn(() => Promise.resolve({ application: 'VMware Remote Console' }));
Object.defineProperty(window, 'vantage', {
  value: {
    on: () => () => undefined,
    inventory: { snapshot: () => Promise.resolve({ statuses: [], machines: [] }) },
    consoles: { launchExternal },
  },
});

afterEach(() => {
  for (const tab of [...consoles.tabs]) consoles.close(tab.id);
});

describe('console support per machine', () => {
  it('says what each vendor offers', () => {
    expect(consoleSupport(machine('comodit', 'web-1')).kind).toBe('vnc');
    expect(consoleSupport(machine('comodit', 'web-2', 'stopped'))).toMatchObject({ kind: 'none' });
    expect(consoleSupport(machine('vcenter', 'vm-1'))).toMatchObject({ kind: 'external' });
    expect(consoleSupport(machine('danube', 'db-1'))).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('no console API') as string,
    });
    expect(consoleSupport({ ...machine('unitrends', 'ir'), vendorId: '12.vm_ir' }).kind).toBe('none');
    expect(consoleSupport({ ...machine('unitrends', 'ir'), vendorId: '13.appliance_ir' }).kind).toBe('vnc');
  });
});

describe('the Consoles view', () => {
  it('opens one tab per machine, explains machines without a console, and asks main for VMRC', async () => {
    const user = userEvent.setup();
    const reveal = vi.fn();
    consoles.onReveal(reveal);
    render(ConsolesView);
    expect(screen.getByRole('heading', { name: 'Open a console' })).toBeInTheDocument();

    openConsole(machine('danube', 'db-1'));
    openConsole(machine('vcenter', 'vm-1'));
    openConsole(machine('danube', 'db-1'));
    expect(reveal).toHaveBeenCalledTimes(3);
    await vi.waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(2));
    expect(screen.getByRole('tab', { name: 'db-1' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('no-console-reason')).toHaveTextContent('Danube Cloud has no console API');

    await user.click(screen.getByRole('tab', { name: 'vm-1' }));
    await user.click(screen.getByRole('button', { name: 'Open in VMware Remote Console' }));
    expect(launchExternal).toHaveBeenCalledWith({ machineId: 'p-vcenter/vm-1' });
    expect(await screen.findByText('VMware Remote Console was asked to open vm-1.')).toBeInTheDocument();
  });

  it('moves between tabs with the arrow keys and closes one with Delete', async () => {
    const user = userEvent.setup();
    render(ConsolesView);
    openConsole(machine('danube', 'a'));
    openConsole(machine('danube', 'b'));
    openConsole(machine('danube', 'c'));
    const c = await screen.findByRole('tab', { name: 'c' });
    c.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'a' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'a' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}{Delete}');
    await vi.waitFor(() => expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['a', 'b']));
    expect(screen.getByRole('tab', { name: 'b' })).toHaveFocus();
  });
});
