import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Machine } from '../../../common/machines';
import type { Connector } from '../types';
import { danubeActions } from './actions';
import { toMachine } from './mapping';
import { listAll, openDanubeLab, type DanubeLab } from './test-lab';

interface LabVm {
  hostname: string;
  alias: string;
  node: string;
  status: string;
  vcpus: number;
  ram: number;
  ips: string[];
}

let t: DanubeLab;
let admin: Connector;
let listed: Map<string, Machine>;

beforeAll(async () => {
  // 1000 machines over the five vendors: Danube's share is 200.
  t = await openDanubeLab({ vms: 1000, timeScale: 0.02 });
  admin = await t.connector('admin');
  listed = new Map((await listAll(admin)).machines.map((m) => [m.vendorId, m]));
});
afterAll(() => t.close());

const vmOf = (role: string): Machine => {
  const machine = listed.get(t.vms[role] ?? '');
  if (!machine) throw new Error(`the ${role} VM is not listed`);
  return machine;
};

describe('Danube listing', () => {
  it('lists every VM of the DC, once, as the lab holds them', async () => {
    const hostnames = await t.result<string[]>('/api/vm/');
    expect(hostnames.length).toBe(200);
    expect([...listed.keys()].sort()).toEqual([...hostnames].sort());
    const profileId = vmOf('running').profileId;
    for (const machine of listed.values()) expect(machine.id).toBe(`${profileId}/${machine.vendorId}`);
  });

  it('maps a running VM: name and alias, power, node, addresses, CPUs, RAM, OS and tags', async () => {
    const machine = vmOf('running');
    const vm = await t.result<LabVm>(`/api/vm/${machine.vendorId}/`);
    const define = await t.result<{ ostype: number; tags: string[] }>(`/api/vm/${machine.vendorId}/define/`);
    expect(define.ostype).toBe(1);
    expect(machine).toMatchObject({
      vendor: 'danube',
      kind: 'vm',
      name: `${vm.hostname} (${vm.alias})`,
      power: 'running',
      vendorState: 'running',
      host: 'node01.local',
      addresses: vm.ips,
      cpu: vm.vcpus,
      memoryMiB: vm.ram,
      os: 'Linux VM',
      tags: define.tags,
    });
    expect(vm.node).toBe('node01.local');
    expect(Date.parse(machine.updatedAt)).not.toBeNaN();
  });

  it('tells the OS types apart and shows the CPUs and RAM running now, not a pending change', async () => {
    expect(vmOf('zone').os).toBe('Linux Zone');
    expect(vmOf('slowWindows').os).toBe('Windows VM');
    const machine = vmOf('updateNeeded');
    const running = await t.result<LabVm>(`/api/vm/${machine.vendorId}/?active=true`);
    const defined = await t.result<LabVm>(`/api/vm/${machine.vendorId}/`);
    expect(defined.vcpus).not.toBe(running.vcpus);
    expect(machine.cpu).toBe(running.vcpus);
    expect(machine.memoryMiB).toBe(running.ram);
  });

  it('maps every Danube status to a power state and keeps the vendor word', () => {
    const seen = Object.fromEntries(
      [
        'stopped',
        'frozen',
        'stopping',
        'notcreated',
        'deploying',
        'notready',
        'error',
        'onUnreachableNode',
      ].map((role) => [role, [vmOf(role).power, vmOf(role).vendorState]]),
    );
    expect(seen).toEqual({
      stopped: ['stopped', 'stopped'],
      frozen: ['stopped', 'frozen'],
      stopping: ['transitioning', 'stopping'],
      notcreated: ['stopped', 'notcreated'],
      deploying: ['transitioning', 'deploying'],
      notready: ['transitioning', 'stopped-'],
      error: ['error', 'error'],
      // Danube shows `unknown` while the node is not online; the record still says running.
      onUnreachableNode: ['unknown', 'running'],
    });
  });

  it('shows a start in progress (a pending status task) as transitioning', () => {
    const vm = { hostname: 'a.example.com', alias: 'a', status: 'stopped', node_status: 'online' };
    const pending = { hostname: 'a.example.com', tasks: { t1: { view: 'vm_status', action: 'start' } } };
    const reading = { hostname: 'a.example.com', tasks: { t2: { view: 'vm_status', action: 'current' } } };
    expect(toMachine('p', vm, undefined, pending, '').power).toBe('transitioning');
    expect(toMachine('p', vm, undefined, reading, '').power).toBe('stopped');
    expect(toMachine('p', vm, undefined, undefined, '')).toMatchObject({ name: 'a.example.com', tags: [] });
    // The virtual datacenter is the vendor's grouping: the profile's, or Danube's default.
    expect(toMachine('p', vm, undefined, undefined, '').scope).toEqual(['main']);
    expect(toMachine('p', vm, undefined, undefined, '', 'admin').scope).toEqual(['admin']);
  });

  it("gives a plain user their own VMs only, without the nodes' names", async () => {
    const user = await t.connector('user');
    const { machines } = await listAll(user);
    const own = await t.result<string[]>('/api/vm/', 'user');
    expect(own.length).toBeGreaterThan(16);
    expect(machines.map((m) => m.vendorId).sort()).toEqual([...own].sort());
    const raw = await t.result<LabVm>(`/api/vm/${t.vms.running}/`, 'user');
    expect(raw.node).toMatch(/^#/);
    expect(machines.find((m) => m.vendorId === t.vms.running)?.host).toBeUndefined();
  });

  it("lists the profile's datacenter, and says so when the account may not see it", async () => {
    const { machines } = await listAll(await t.connector('admin', 'admin'));
    expect(machines.map((m) => m.vendorId).sort()).toEqual(['mgmt01.local', 'zabbix01.local']);
    const refused = await listAll(await t.connector('user', 'admin')).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no datacenter “admin”') as string,
      details: { status: 404, body: { detail: 'Datacenter not found' } },
    });
  });

  it('stops when the listing is cancelled', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const pages: Machine[][] = [];
    const error = await admin.listMachines((p) => pages.push(p), aborted.signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(pages).toEqual([]);
  });
});

describe('Danube details', () => {
  it('returns the VM, its status record and its definition as Danube sent them', async () => {
    const machine = vmOf('updateNeeded');
    const details = await admin.details(machine);
    expect(Object.keys(details).sort()).toEqual(['define', 'status', 'vm']);
    expect(details.vm).toMatchObject({
      hostname: machine.vendorId,
      changed: true,
      snapshots: expect.any(Number) as number,
    });
    expect(details.status).toMatchObject({ hostname: machine.vendorId, status: 'stopped', tasks: {} });
    expect(details.define).toEqual(await t.result(`/api/vm/${machine.vendorId}/define/`));
  });

  it('says when the VM is gone', async () => {
    const gone = { ...vmOf('running'), vendorId: 'gone.example.com' };
    await expect(admin.details(gone)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { status: 404, body: { detail: 'VM not found' } },
    });
  });
});

describe('Danube actions', () => {
  const offered = (role: string): Record<string, string[]> =>
    Object.fromEntries(danubeActions(vmOf(role)).map((a) => [a.id, a.options.map((o) => o.id)]));
  const refresh = { 'status-current': [], 'status-current-force': ['force'] };

  it('offers what each status allows, with the options Danube takes', () => {
    expect(offered('running')).toEqual({
      stop: ['force', 'timeout', 'freeze', 'update'],
      reboot: ['force', 'timeout', 'update'],
      ...refresh,
    });
    expect(offered('stopped')).toEqual({
      start: ['update', 'cdimage', 'cdimage2', 'cdimage_once'],
      freeze: [],
      ...refresh,
    });
    expect(offered('stopping')).toEqual({ stop: ['force'], ...refresh });
    expect(offered('frozen')).toEqual({ unfreeze: [] });
    expect(offered('error')).toEqual(refresh);
    expect(offered('deploying')).toEqual({ 'status-current-force': ['force'] });
    expect(offered('notready')).toEqual({ 'status-current-force': ['force'] });
    expect(offered('notcreated')).toEqual({});
    expect(offered('onUnreachableNode')).toEqual({});
  });

  it('leaves the shutdown timeout out for zones and marks what only administrators may do', () => {
    expect(offered('zone')).toMatchObject({
      stop: ['force', 'freeze', 'update'],
      reboot: ['force', 'update'],
    });
    const stopped = danubeActions(vmOf('stopped'));
    expect(stopped.filter((a) => a.adminOnly).map((a) => a.id)).toEqual(['freeze', 'status-current-force']);
    // The published API documentation's warning goes with the forced form.
    expect(stopped.find((a) => a.id === 'status-current-force')?.description).toContain(
      'intended for internal administrative purposes only',
    );
    expect(danubeActions(vmOf('running')).find((a) => a.id === 'stop')?.disruptive).toBe(true);
    expect(stopped.find((a) => a.id === 'start')?.disruptive).toBe(false);
  });

  it("asks yes or no where Danube's default is yes, so that it can be turned off", () => {
    const option = (role: string, action: string, id: string) =>
      danubeActions(vmOf(role))
        .find((a) => a.id === action)
        ?.options.find((o) => o.id === id);
    const yesNo = { type: 'choice', choices: ['yes', 'no'] };
    expect(option('stopped', 'start', 'update')).toMatchObject(yesNo);
    expect(option('stopped', 'start', 'cdimage_once')).toMatchObject(yesNo);
    expect(option('running', 'reboot', 'update')).toMatchObject(yesNo);
    expect(option('running', 'stop', 'update')).toMatchObject({ type: 'boolean' });
    expect(option('stopped', 'start', 'cdimage')).toMatchObject({ type: 'text' });
  });
});
