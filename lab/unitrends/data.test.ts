import { describe, expect, it } from 'vitest';

import { createClock } from '../core/clock';
import { createRng } from '../core/rng';
import { labClient, startVendorLab } from '../core/testing';
import { generateUnitrendsData, type UnitrendsData } from './data';
import { signIn } from './test-client';
import { duration, usDateTime } from './views';

const clock = createClock(1, () => Date.UTC(2024, 0, 15, 12));

/** Everything generated, as plain values (pending changes are closures; their end time stands for them). */
const snapshot = (data: UnitrendsData) => ({
  candidates: data.candidates,
  targets: data.targets,
  sessions: [...data.sessions.values()].map(({ pending, ...s }) => ({ ...s, endsAt: pending?.endsAt })),
  wir: [...data.wirClients.values()].map(({ pending, ...c }) => ({ ...c, endsAt: pending?.endsAt })),
});

describe('Unitrends seeded data', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = snapshot(generateUnitrendsData(createRng(3), 400, clock));
    expect(snapshot(generateUnitrendsData(createRng(3), 400, clock))).toEqual(a);
    expect(snapshot(generateUnitrendsData(createRng(4), 400, clock))).not.toEqual(a);
  });

  it('has both systems, every session type in a mix of modes and statuses, and WIR clients', () => {
    const data = generateUnitrendsData(createRng(11), 1000, clock);
    const sessions = [...data.sessions.values()];
    expect(new Set(sessions.map((s) => s.type))).toEqual(new Set(['vm_ir', 'hv_ir', 'appliance_ir']));
    expect(new Set(sessions.map((s) => s.audit))).toEqual(new Set([true, false]));
    expect(new Set(sessions.map((s) => s.status)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(sessions.map((s) => s.systemId))).toEqual(new Set([1, 2]));
    expect(data.wirClients.size).toBeGreaterThan(3);
    const ids = [...sessions.map((s) => s.id), ...data.wirClients.keys()];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('formats times like the PHP handlers', () => {
    expect(usDateTime(Date.UTC(2014, 9, 31, 13, 8, 43))).toBe('10/31/2014 01:08:43PM');
    expect(usDateTime(Date.UTC(2014, 0, 2, 0, 5, 9))).toBe('01/02/2014 12:05:09AM');
    expect(duration(((24 * 24 + 19) * 60 + 43) * 60_000)).toBe('24d 19h 43m');
    expect(duration(3 * 3_600_000)).toBe('3h ');
    expect(duration(30_000)).toBe('<1m');
  });

  it('serves the same candidates for the same seed over HTTPS, and others for another seed', async () => {
    const listing = async (seed: number): Promise<unknown> => {
      const lab = await startVendorLab('unitrends', { seed, vms: 500 });
      const client = labClient(lab.vendor('unitrends'));
      try {
        const ueb = await signIn(client);
        return ((await ueb.get('/api/virtual_clients/candidates/')).json as { data: unknown }).data;
      } finally {
        await client.close();
        await lab.stop();
      }
    };
    const first = await listing(5);
    expect(await listing(5)).toEqual(first);
    expect(await listing(6)).not.toEqual(first);
  });

  it('lists a few thousand candidates in full', async () => {
    const lab = await startVendorLab('unitrends', { vms: 30_000 });
    const client = labClient(lab.vendor('unitrends'));
    try {
      const ueb = await signIn(client);
      const answer = await ueb.get('/api/virtual_clients/candidates/');
      const rows = (answer.json as { data: { candidates: unknown[] }[] }).data;
      expect(rows.reduce((n, row) => n + row.candidates.length, 0)).toBe(3000);
    } finally {
      await client.close();
      await lab.stop();
    }
  });
});
