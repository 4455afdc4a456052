import { describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import type { HttpResponse } from '../../net/http-client';
import type { VcenterAnswer, VcenterApi } from './api';
import { createVcenterInventory } from './inventory';

// The lab's clusters never exceed a list cap (200 machines each), so the deeper splits (a cluster into its hosts,
// a host into power states) and standalone hosts are exercised here against a small in-memory vCenter instead.

interface FakeVm {
  vm: string;
  host: string;
  power: string;
}
const HOSTS = [
  { host: 'host-1', name: 'esx-01', cluster: 'domain-c1', dc: 'datacenter-1' },
  { host: 'host-2', name: 'esx-02', cluster: 'domain-c1', dc: 'datacenter-1' },
  { host: 'host-3', name: 'esx-standalone', cluster: undefined, dc: 'datacenter-1' },
  { host: 'host-4', name: 'esx-04', cluster: 'domain-c2', dc: 'datacenter-2' },
];
const machines = (host: string, on: number, off: number): FakeVm[] => [
  ...Array.from({ length: on }, (_, i) => ({ vm: `vm-${host}-on${i}`, host, power: 'POWERED_ON' })),
  ...Array.from({ length: off }, (_, i) => ({ vm: `vm-${host}-off${i}`, host, power: 'POWERED_OFF' })),
];

function fakeVcenter(vms: FakeVm[], cap: number): { api: VcenterApi; calls: string[] } {
  const calls: string[] = [];
  const reply = (status: number, body: unknown): VcenterAnswer => {
    const response: HttpResponse = { status, headers: {}, text: JSON.stringify(body), body };
    return { response, ok: status === 200, value: status === 200 ? body : undefined };
  };
  const hostOf = (id: string) => HOSTS.find((h) => h.host === id);
  const api: VcenterApi = {
    label: 'fake vCenter',
    flavour: () => Promise.resolve('api'),
    post: () => Promise.reject(new Error('not used')),
    read(path, filter = {}) {
      calls.push(`${path}?${new URLSearchParams(filter).toString()}`);
      const f = filter as Record<string, string | undefined>;
      switch (path) {
        case 'datacenter':
          return Promise.resolve(
            reply(200, [
              { datacenter: 'datacenter-1', name: 'DC-1' },
              { datacenter: 'datacenter-2', name: 'DC-2' },
            ]),
          );
        case 'cluster': {
          const ids = [
            ...new Set(HOSTS.filter((h) => h.dc === f.datacenters && h.cluster).map((h) => h.cluster)),
          ];
          return Promise.resolve(
            reply(
              200,
              ids.map((cluster) => ({ cluster, name: cluster })),
            ),
          );
        }
        case 'host': {
          const hosts = HOSTS.filter(
            (h) =>
              (!f.clusters || h.cluster === f.clusters) &&
              (!f.datacenters || h.dc === f.datacenters) &&
              (f.standalone !== 'true' || !h.cluster),
          );
          return Promise.resolve(
            reply(
              200,
              hosts.map(({ host, name }) => ({ host, name })),
            ),
          );
        }
        case 'vm': {
          const matched = vms.filter((vm) => {
            const host = hostOf(vm.host);
            return (
              (!f.datacenters || host?.dc === f.datacenters) &&
              (!f.clusters || host?.cluster === f.clusters) &&
              (!f.hosts || vm.host === f.hosts) &&
              (!f.power_states || vm.power === f.power_states)
            );
          });
          if (matched.length > cap)
            return Promise.resolve(
              reply(500, {
                error_type: 'UNABLE_TO_ALLOCATE_RESOURCE',
                messages: [
                  { id: 'com.vmware.api.vcenter.vm.too_many_matches', default_message: 'Too many.' },
                ],
              }),
            );
          return Promise.resolve(
            reply(
              200,
              matched.map(({ vm, power }) => ({ vm, name: vm, power_state: power, cpu_count: 2 })),
            ),
          );
        }
        default:
          return Promise.resolve(reply(404, { error_type: 'NOT_FOUND', messages: [] }));
      }
    },
  };
  return { api, calls };
}

async function list(api: VcenterApi): Promise<Machine[]> {
  const rows: Machine[] = [];
  await createVcenterInventory(api, 'p').listMachines(
    (page) => rows.push(...page),
    new AbortController().signal,
  );
  return rows;
}

describe('paging by narrower filters', () => {
  it('splits datacenter, cluster, host and power state only where the cap is hit; every VM once', async () => {
    // DC-1 holds 11 (too many), its cluster 9 (too many), esx-01 6 (too many: split by power state).
    const vms = [
      ...machines('host-1', 3, 3),
      ...machines('host-2', 3, 0),
      ...machines('host-3', 1, 1),
      ...machines('host-4', 2, 2),
    ];
    const { api, calls } = fakeVcenter(vms, 4);
    const rows = await list(api);

    expect(rows.map((m) => m.vendorId).sort()).toEqual(vms.map((vm) => vm.vm).sort());
    const hostOf = (id: string) => rows.find((m) => m.vendorId === id)?.host;
    expect(hostOf('vm-host-1-on0')).toBe('esx-01');
    expect(hostOf('vm-host-1-off2')).toBe('esx-01');
    expect(hostOf('vm-host-2-on1')).toBe('esx-02');
    expect(hostOf('vm-host-3-off0')).toBe('esx-standalone');
    // DC-2 fitted in one page: nothing told on which host its machines run.
    expect(hostOf('vm-host-4-on0')).toBeUndefined();

    const vmCalls = calls.filter((c) => c.startsWith('vm?')).sort();
    expect(vmCalls).toEqual(
      [
        'vm?',
        'vm?datacenters=datacenter-1',
        'vm?datacenters=datacenter-2',
        'vm?clusters=domain-c1',
        'vm?hosts=host-3',
        'vm?hosts=host-1',
        'vm?hosts=host-2',
        'vm?hosts=host-1&power_states=POWERED_ON',
        'vm?hosts=host-1&power_states=POWERED_OFF',
        'vm?hosts=host-1&power_states=SUSPENDED',
      ].sort(),
    );
  });

  it('says so when even one host and one power state hold more than the cap', async () => {
    const { api } = fakeVcenter(machines('host-4', 5, 0), 4);
    await expect(list(api)).rejects.toMatchObject({
      code: 'UPSTREAM',
      message: expect.stringMatching(/machines of host esx-04 \(POWERED_ON\).*no narrower filter/) as unknown,
    });
  });
});
