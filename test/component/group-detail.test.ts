import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { GroupDetail as Detail, ProtectionGroup } from '../../common/contract/protection';
import GroupDetail from '../../renderer/src/views/protection/groups/GroupDetail.svelte';

const group: ProtectionGroup = {
  profileId: 'p1',
  profileName: 'Lab IBM',
  id: '1:1:7',
  name: 'web',
  environment: 'kPhysical',
  policyId: 'pol-gold',
  policyName: 'Gold',
  objectCount: 2,
  paused: false,
};
const objects = [
  { id: '1001', name: 'host-a' },
  { id: '1002', name: 'host-b' },
];

// The page API as far as the detail and its form reach it; the group's detail answers when the test says so.
let answer: (detail: Detail) => void = () => undefined;
Object.defineProperty(window, 'vantage', {
  value: {
    on: () => () => undefined,
    protection: {
      group: vi.fn(() => new Promise<Detail>((resolve) => (answer = resolve))),
      sources: vi.fn(() => Promise.resolve([...objects, { id: '1003', name: 'host-c' }])),
    },
  },
});

describe('a protection group’s detail', () => {
  it('edits and runs the group only once its objects are read (the form starts from them)', async () => {
    render(GroupDetail, {
      group,
      policies: [{ profileId: 'p1', id: 'pol-gold', name: 'Gold' }],
      ondeleted: vi.fn(),
      onchanged: vi.fn(),
    });
    const actions = screen.getByRole('group', { name: 'Group actions' });
    const edit = within(actions).getByRole('button', { name: 'Edit…' });
    expect(edit).toBeDisabled();
    expect(within(actions).getByRole('button', { name: 'Run now…' })).toBeDisabled();

    answer({ group, objects, runs: [] });
    await expect.poll(() => edit.hasAttribute('disabled')).toBe(false);
    await userEvent.click(edit);
    const form = await screen.findByRole('form', { name: 'Edit protection group' });
    expect(form).toHaveTextContent('2 chosen objects');
  });
});
