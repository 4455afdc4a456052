import { describe, expect, it } from 'vitest';

import { createRng } from '../core/rng';
import type { LabAnswer } from '../core/testing';
import { createInventory, SPECIAL_KINDS } from './data';
import type { FlavourId } from './flavour';
import { VM_LIST_CAP } from './routes-vm';
import { expectError, messageId, valueOf } from './vcenter-asserts';
import { useVcenterLab } from './test-support';

describe('seeded inventory', () => {
  it('the same seed gives the same estate; another seed another one', () => {
    const a = createInventory(createRng(7), 2000);
    expect(createInventory(createRng(7), 2000)).toEqual(a);
    const b = createInventory(createRng(8), 2000);
    expect(b.vms.map((vm) => vm.name)).not.toEqual(a.vms.map((vm) => vm.name));
    expect(b.vms.map((vm) => vm.host)).not.toEqual(a.vms.map((vm) => vm.host));
  });

  it('scales: unique names and ids, hosts host-NN, mostly powered on, every special kind present', () => {
    const { vms, hosts, samples } = createInventory(createRng(42), 40_000);
    expect(new Set(vms.map((vm) => vm.name)).size).toBe(40_000);
    expect(vms[0]?.id).toBe('vm-1001');
    expect(vms[39_999]?.id).toBe('vm-41000');
    expect(hosts.length).toBe(1600);
    expect(hosts.every((h) => /^host-\d+$/.test(h.id))).toBe(true);
    const on = vms.filter((vm) => vm.power === 'POWERED_ON').length;
    expect(on / vms.length).toBeGreaterThan(0.7);
    expect(Object.keys(samples).sort()).toEqual([...SPECIAL_KINDS].sort());
    expect(vms.filter((vm) => vm.special === 'template').length).toBe(400);
  });
});

describe('list caps at scale', () => {
  // 12 500 machines in all give vCenter 5000: above both caps.
  const env = useVcenterLab({ vms: 12_500 });

  const get = (path: string) => env.client.call('GET', path, { headers: env.admin });
  const list = (answer: LabAnswer, flavour: FlavourId) => valueOf(answer, flavour) as { vm: string }[];

  it.each<FlavourId>(['api', 'rest'])(
    '%s: more matches than the cap is UNABLE_TO_ALLOCATE_RESOURCE',
    async (flavour) => {
      const answer = await get(`/${flavour}/vcenter/vm`);
      expectError(answer, flavour, flavour === 'api' ? 500 : 400, 'UNABLE_TO_ALLOCATE_RESOURCE');
      expect(messageId(answer)).toBe('com.vmware.api.vcenter.vm.too_many_matches');
    },
  );

  it('the caps differ: 1000 in /rest, 4000 in /api', async () => {
    const folders = (await get('/api/vcenter/folder?names=Production')).json as { folder: string }[];
    const production = folders.map((f) => `folders=${f.folder}`).join('&');
    const api = list(await get(`/api/vcenter/vm?${production}`), 'api');
    expect(api.length).toBeGreaterThan(VM_LIST_CAP.rest);
    expect(api.length).toBeLessThanOrEqual(VM_LIST_CAP.api);
    const rest = await get(`/rest/vcenter/vm?${production.replaceAll('folders=', 'filter.folders=')}`);
    expectError(rest, 'rest', 400, 'UNABLE_TO_ALLOCATE_RESOURCE');
  });

  it.each<FlavourId>(['api', 'rest'])(
    '%s: paging by cluster lists every machine exactly once',
    async (flavour) => {
      const clusters = valueOf(await get(`/${flavour}/vcenter/cluster`), flavour) as { cluster: string }[];
      const param = flavour === 'api' ? 'clusters' : 'filter.clusters';
      const pages = await Promise.all(
        clusters.map(async ({ cluster }) => {
          const answer = await get(`/${flavour}/vcenter/vm?${param}=${cluster}`);
          expect(answer.status).toBe(200);
          return list(answer, flavour).map((s) => s.vm);
        }),
      );
      const ids = pages.flat();
      expect(ids).toHaveLength(5000);
      expect(new Set(ids).size).toBe(5000);
      expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(VM_LIST_CAP[flavour]);
    },
  );
});
