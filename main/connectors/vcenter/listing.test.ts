import { describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import { vmShare } from '../../../lab/lab';
import { vmIdOf } from '../../../lab/vcenter/data';
import { VM_LIST_CAP } from '../../../lab/vcenter/routes-vm';
import { ENRICH_LIMIT } from './enrich';
import { listAll, useTestbed } from './test-support';

// 12 500 machines in all give vCenter 5000: above the cap of both flavours (1000 in /rest, 4000 in /api).
const VMS = 12_500;
const env = useTestbed(VMS);

describe.each(['api', 'rest'] as const)('listing in /%s, above the cap', (flavour) => {
  it('hands over every machine of the lab exactly once, then re-sends only enriched rows', async () => {
    const count = vmShare('vcenter', VMS);
    expect(count).toBeGreaterThan(VM_LIST_CAP[flavour]);
    const { pages } = await listAll(await env.testbed.connector(flavour));

    // The first time an id comes is the listing; a second time may only be the enrichment of a running row.
    const first = new Map<string, Machine>();
    const again: Machine[] = [];
    for (const page of pages)
      for (const machine of page)
        if (first.has(machine.vendorId)) again.push(machine);
        else first.set(machine.vendorId, machine);
    const expected = Array.from({ length: count }, (_, i) => vmIdOf(i));
    expect([...first.keys()].sort()).toEqual(expected.sort());
    expect([...first.values()].every((m) => m.addresses.length === 0 && m.os === undefined)).toBe(true);

    // Each machine comes with its datacenter and folder, as vCenter's own folder filter places it.
    const read = async <T>(path: string): Promise<T> =>
      (await env.testbed.client.call('GET', path, { headers: env.testbed.admin })).json as T;
    const [dc] = await read<{ datacenter: string; name: string }[]>('/api/vcenter/datacenter');
    const folders = await read<{ folder: string; name: string }[]>(
      `/api/vcenter/folder?type=VIRTUAL_MACHINE&datacenters=${dc?.datacenter ?? ''}`,
    );
    const production = folders.find((f) => f.name === 'Production');
    const listed = await read<{ vm: string }[]>(`/api/vcenter/vm?folders=${production?.folder ?? ''}`);
    expect(listed.length).toBeGreaterThan(0);
    const scoped = [...first.values()].filter((m) => m.scope?.join('/') === `${dc?.name}/Production`);
    expect(scoped.map((m) => m.vendorId).sort()).toEqual(listed.map((v) => v.vm).sort());
    expect([...first.values()].every((m) => m.scope?.length === 2)).toBe(true);

    expect(again.length).toBeGreaterThan(0);
    expect(again.length).toBeLessThanOrEqual(ENRICH_LIMIT);
    expect(new Set(again.map((m) => m.vendorId)).size).toBe(again.length);
    for (const machine of again) {
      expect(machine.power).toBe('running');
      expect(machine.addresses).toEqual([expect.stringMatching(/^10\.2\d\.\d+\.\d+$/)]);
      expect(machine.os).toBeTruthy();
    }
    // The paging itself came in pages, so the window filled progressively.
    expect(pages.length).toBeGreaterThan(2);
  });
});
