import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { VantageContract } from '../../../common/contract';
import type { InventoryStatus } from '../../../common/inventory';
import { createEventBus } from '../../ipc/events';
import type { Connections } from '../../services/connections';
import { createInventory } from '../../services/inventory';
import type { Connector } from '../types';
import { labInstances, listAll, startComoditLab, type ComoditTestLab } from './test-support';

// The listing is about a hundred reads (pages of hosts, one instance per host) against the lab with its fault
// injection: what one bad read does to the whole.
let t: ComoditTestLab;
let admin: Connector;
let total: number;

beforeAll(async () => {
  t = await startComoditLab(500); // 100 ComodIT hosts
  admin = await t.connector();
  total = (await labInstances(t)).length;
});
afterEach(() => t.lab.setFaults('comodit', {}));
afterAll(() => t.close());

/** Instance reads fail at this rate with this status; the rest of the API answers. */
const failInstanceReads = (errorRate: number, errorStatus: number): void =>
  t.lab.setFaults('comodit', { errorRate, errorStatus, pathPattern: '/instance/$' });

describe('ComodIT listing under faults', () => {
  it('reads every machine when reads fail now and then: each is tried again', async () => {
    failInstanceReads(0.2, 503);
    const { machines } = await listAll(admin);
    expect(machines).toHaveLength(total);
  });

  it('keeps what it read and says the listing is partial, with the first real error, when reads keep failing', async () => {
    failInstanceReads(0.4, 500);
    const machines: unknown[] = [];
    const outcome = await admin.listMachines((page) => machines.push(...page), new AbortController().signal);
    expect(outcome?.partial?.reason).toMatch(
      /^\d+ reads? failed, so some machines are missing\. The first: Lab ComodIT answered 500\./,
    );
    expect(outcome?.partial?.error.code).toBe('UPSTREAM');
    expect(machines.length).toBeGreaterThan(0);
    expect(machines.length).toBeLessThan(total);
  });

  it('reports a refusal as itself, never as "This operation was aborted"', async () => {
    failInstanceReads(1, 403);
    await expect(listAll(admin)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringMatching(/^Lab ComodIT refused/) as string,
    });
  });

  it('shows a partial listing in the inventory as partial, keeping its rows', async () => {
    failInstanceReads(0.4, 500);
    const bus = createEventBus<VantageContract>();
    const statuses: InventoryStatus[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'inventory.status') statuses.push(payload as InventoryStatus);
    });
    const connections = {
      list: () => [{ id: 'comodit', name: 'Lab ComodIT' }],
      get: () => ({ id: 'comodit', name: 'Lab ComodIT' }),
      connector: () => admin,
    } as unknown as Connections;
    const inventory = createInventory({ connections, bus, dataDirectory: '/nonexistent/never-written' });
    await inventory.refresh(['comodit']);
    const status = statuses.at(-1);
    expect(status).toMatchObject({ state: 'ok', partial: expect.stringMatching(/reads? failed/) as string });
    const { machines } = await inventory.snapshot();
    expect(machines.length).toBe(status?.count);
    expect(machines.length).toBeGreaterThan(0);
    await inventory.dispose();
  });
});
