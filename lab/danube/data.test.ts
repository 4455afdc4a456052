import { describe, expect, it } from 'vitest';

import { createRng, hashString } from '../core/rng';
import { ADMIN } from './data';
import { generateDanubeData, SHOWCASE, type DanubeData } from './data';
import { NodeStatus, STATUS_DISPLAY } from './model';
import { envelope, openSession } from './test-support';

/** Everything seeded about the VMs, without timestamps (those follow the clock). */
function fingerprint(data: DanubeData): unknown[] {
  return [...data.vmsByDc.values()].flat().map((vm) => ({
    hostname: vm.hostname,
    uuid: vm.uuid,
    alias: vm.alias,
    ips: vm.ips,
    node: vm.node.hostname,
    owner: vm.owner.username,
    ostype: vm.ostype,
    status: vm.status,
    sizes: [vm.vcpus, vm.ram, vm.disk],
    update: vm.pendingUpdate,
  }));
}

const generate = (seed: number, vms: number, now = Date.now()): DanubeData =>
  generateDanubeData(createRng((seed ^ hashString('danube')) >>> 0).fork('data'), vms, now);

describe('Danube seeded data', () => {
  it('is the same for the same seed, and differs for another', () => {
    const a = generate(42, 300, 1_700_000_000_000);
    const b = generate(42, 300, 1_800_000_000_000);
    const c = generate(43, 300);
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(a.users.map((u) => u.apiKey)).toEqual(b.users.map((u) => u.apiKey));
    expect(fingerprint(c)).not.toEqual(fingerprint(a));
  });

  it('gives every showcase role, one unreachable node, and a status mix', () => {
    const data = generate(42, 2000);
    expect(Object.keys(data.showcase)).toEqual([...SHOWCASE]);
    expect(data.nodes.filter((n) => n.status === NodeStatus.UNREACHABLE).map((n) => n.hostname)).toEqual([
      'node04.local',
    ]);
    const statuses = new Set([...data.vmsByDc.values()].flat().map((vm) => STATUS_DISPLAY[vm.status]));
    expect([...statuses]).toEqual(
      expect.arrayContaining([
        'running',
        'stopped',
        'stopping',
        'frozen',
        'notcreated',
        'deploying',
        'error',
      ]),
    );
    const hostnames = [...data.vmsByDc.values()].flat().map((vm) => vm.hostname);
    expect(new Set(hostnames).size).toBe(hostnames.length);
  });

  it('serves the same VMs over HTTPS for the same seed', async () => {
    const list = async (seed: number): Promise<unknown> => {
      const s = await openSession({ seed });
      try {
        const token = await s.login(ADMIN.username, ADMIN.password);
        const vms = envelope(await s.call('GET', '/api/vm/?full=true', { as: token })).result as Record<
          string,
          unknown
        >[];
        return vms.map(({ uptime: _uptime, ...rest }) => rest);
      } finally {
        await s.close();
      }
    };
    const first = await list(11);
    expect(await list(11)).toEqual(first);
    expect(await list(12)).not.toEqual(first);
  });

  it('lists a few thousand VMs in full', async () => {
    const s = await openSession({ vms: 20_000 });
    try {
      const token = await s.login(ADMIN.username, ADMIN.password);
      const full = envelope(await s.call('GET', '/api/vm/?full=true', { as: token })).result as unknown[];
      expect(full).toHaveLength(4000);
      const statuses = envelope(await s.call('GET', '/api/vm/status/', { as: token })).result as unknown[];
      expect(statuses).toHaveLength(4000);
    } finally {
      await s.close();
    }
  });
});
