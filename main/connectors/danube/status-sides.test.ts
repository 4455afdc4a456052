import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Connector } from '../types';
import { machineOf, openDanubeLab, type DanubeLab } from './test-lab';

// Seed 002 against the Danube lab: the status from the database next to the node's, and who is offered the forced
// overwrite of the recorded status.
let t: DanubeLab;
let admin: Connector;
let user: Connector;

beforeAll(async () => {
  t = await openDanubeLab({ vms: 200, timeScale: 0.02 });
  admin = await t.connector('admin');
  user = await t.connector('user');
});
afterAll(() => t.close());

const vm = (role: string): string => t.vms[role] ?? '';

describe('Danube status sides', () => {
  it('shows the recorded status and the node’s apart when they differ', async () => {
    const sides = await user.statusSides?.(await machineOf(user, vm('drifted')));
    expect(sides?.recorded).toMatchObject({ status: 'running', since: expect.any(String) as string });
    expect(sides?.node).toMatchObject({ status: 'stopped' });
  });

  it('keeps the recorded status when the node does not answer, and says why the node side is missing', async () => {
    const sides = await admin.statusSides?.(await machineOf(admin, vm('onUnreachableNode')));
    expect(sides?.recorded).toHaveProperty('status');
    expect(sides?.node).toHaveProperty('error');
  });
});

describe('the forced overwrite of the recorded status', () => {
  it('is offered to an administrator and not to a plain user', async () => {
    const ids = async (c: Connector): Promise<string[]> =>
      c.actions(await machineOf(c, vm('error'))).map((a) => a.id);
    expect(await ids(admin)).toContain('status-current-force');
    expect(await ids(user)).not.toContain('status-current-force');
    expect(await ids(user)).toContain('status-current');
  });
});
