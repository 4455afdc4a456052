import { describe, expect, it } from 'vitest';

import { createRng } from '../core/rng';
import { labClient, startVendorLab } from '../core/testing';
import { ADMIN } from './test-client';
import { blueprint, generateComoditData, type ComoditData } from './data';

/** Everything generated, as plain values. */
const snapshot = (data: ComoditData) =>
  data.organizations.map((o) => ({
    name: o.name,
    accessKey: o.accessKey,
    envs: o.environments.map((e) => ({
      name: e.name,
      hosts: e.hosts.map((h) => [
        h.name,
        h.platform,
        h.distribution,
        h.state,
        h.instance?.state,
        blueprint(h),
      ]),
    })),
  }));

describe('ComodIT seeded data', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = snapshot(generateComoditData(createRng(7), 300));
    expect(snapshot(generateComoditData(createRng(7), 300))).toEqual(a);
    expect(snapshot(generateComoditData(createRng(8), 300))).not.toEqual(a);
  });

  it('covers every instance state and both visible organizations with several environments', () => {
    const data = generateComoditData(createRng(1), 500);
    const hosts = data.organizations.flatMap((o) => o.hosts);
    expect(hosts).toHaveLength(500);
    expect(new Set(hosts.map((h) => h.instance?.state ?? 'none'))).toEqual(
      new Set(['RUNNING', 'STOPPED', 'PAUSED', 'UNDEFINED', 'none']),
    );
    expect(new Set(hosts.map((h) => h.name)).size).toBe(500);
    expect(
      data.orgsByName
        .get('Acme Corp')
        ?.environments.map((e) => e.hosts.length)
        .every((n) => n > 0),
    ).toBe(true);
  });

  it('serves the same listing for the same seed over HTTPS, and a different one for another seed', async () => {
    const listing = async (seed: number): Promise<string> => {
      const lab = await startVendorLab('comodit', { seed, vms: 100 });
      const client = labClient(lab.vendor('comodit'));
      try {
        return (await client.call('GET', '/api/organizations/Globex/hosts', { headers: ADMIN })).text;
      } finally {
        await client.close();
        await lab.stop();
      }
    };
    const first = await listing(5);
    expect(await listing(5)).toBe(first);
    expect(await listing(6)).not.toBe(first);
  });

  it('lists a few thousand hosts in full', async () => {
    const lab = await startVendorLab('comodit', { vms: 20_000 });
    const client = labClient(lab.vendor('comodit'));
    try {
      let total = 0;
      for (const org of ['Acme%20Corp', 'Globex']) {
        const answer = await client.call('GET', `/api/organizations/${org}/hosts/`, { headers: ADMIN });
        const body = answer.json as { count: number; total: number; items: unknown[] };
        expect(body.items).toHaveLength(body.total);
        total += body.total;
      }
      // The rest belong to the organization this user may not read.
      expect(total).toBeGreaterThan(3600);
      expect(total).toBeLessThan(4000);
    } finally {
      await client.close();
      await lab.stop();
    }
  });
});
