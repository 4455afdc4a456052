import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_CONSOLE_SETTINGS } from '../../../common/consoles';
import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { VendorId } from '../../../common/vendors';
import { DEFAULT_VNC_PASSWORD, startLab, type Lab } from '../../../lab/lab';
import { CONNECTORS } from '../../connectors';
import { createConnections, type Connections } from '../connections';
import { labProfile, labTrust } from '../demo';
import { memoryKeychain } from '../memory-keychain';
import { openProfileStore } from '../profile-store';
import { createSecretsService } from '../secrets';
import { createConsoles, type Consoles } from './index';
import { testPage } from './test-page';

// Console endpoints resolved through each vendor's connector against its lab simulator, then opened for real: the
// lab's consoles are the built-in RFB server, with the lab's VNC password.
let lab: Lab;
/** Unitrends alone, with enough clients that the appliance itself runs some recovered machines. */
let applianceLab: Lab;
let dir: string;
let connections: Connections;
let consoles: Consoles;
const keychain = memoryKeychain();
const machines = new Map<string, Machine>();
const opened: string[] = [];

async function list(vendor: VendorId, from: Lab): Promise<Machine[]> {
  const { input, secret } = labProfile(from.vendor(vendor));
  const profile = await connections.create(
    input,
    { secret, keep: 'keychain' },
    labTrust(from.vendor(vendor)),
  );
  const found: Machine[] = [];
  await connections
    .connector(profile.id)
    .listMachines((page) => found.push(...page), new AbortController().signal);
  for (const machine of found) machines.set(machine.id, machine);
  return found;
}

const byVendor = new Map<VendorId, Machine[]>();
const pick = (vendor: VendorId, test: (m: Machine) => boolean): Machine => {
  const machine = byVendor.get(vendor)?.find(test);
  if (!machine) throw new Error(`the lab has no such ${vendor} machine`);
  return machine;
};

beforeAll(async () => {
  lab = await startLab({ vms: 120, timeScale: 0.02, vendors: ['comodit', 'vcenter', 'danube'] });
  applianceLab = await startLab({ vms: 4000, timeScale: 0.02, vendors: ['unitrends'] });
  dir = await mkdtemp(join(tmpdir(), 'vantage-consoles-'));
  connections = createConnections({
    store: await openProfileStore(dir),
    secrets: createSecretsService(memoryKeychain()),
    connectors: CONNECTORS,
  });
  for (const vendor of ['comodit', 'vcenter', 'danube'] as const)
    byVendor.set(vendor, await list(vendor, lab));
  byVendor.set('unitrends', await list('unitrends', applianceLab));
  consoles = createConsoles({
    machine: (id) => {
      const machine = machines.get(id);
      if (!machine) throw new VantageError('NOT_FOUND', 'no such machine');
      return machine;
    },
    connector: (profileId) => connections.connector(profileId),
    keychain,
    dataDirectory: dir,
    launchUrl: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
});
afterAll(async () => {
  consoles.dispose();
  await connections.close();
  await lab.stop();
  await applianceLab.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openConsole(machine: Machine) {
  const page = testPage();
  await consoles.open(machine.id, page.endpoint);
  return page;
}

describe('ComodIT', () => {
  it('connects to a running instance with the token from instance/vnc, without asking', async () => {
    const machine = pick('comodit', (m) => m.power === 'running');
    const page = await openConsole(machine);
    expect((await page.handshake()).name).toBe(machine.name);
    expect(page.controls).toEqual([]);
    page.close();
  });

  it('says why a stopped instance has no console', async () => {
    const machine = pick('comodit', (m) => m.power === 'stopped');
    await expect(consoles.open(machine.id, testPage().endpoint)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('has a console while it is running or paused') as string,
    });
  });

  it('ends the stream with ComodIT’s reason when the inventory was out of date', async () => {
    const stopped = pick('comodit', (m) => m.power === 'stopped');
    // The window still shows it running: main learns otherwise from instance/vnc, after the page has its stream.
    const stale: Machine = { ...stopped, id: `${stopped.id}~stale`, power: 'running' };
    machines.set(stale.id, stale);
    const page = testPage();
    await consoles.open(stale.id, page.endpoint);
    expect(await page.ended).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`${stopped.name} has no console right now (ComodIT said:`) as string,
    });
  });
});

describe('Unitrends', () => {
  it('connects to a session the appliance runs, asking once for the password and keeping it', async () => {
    const machine = pick('unitrends', (m) => /\.appliance_ir$/.test(m.vendorId) && m.power === 'running');
    const page = await openConsole(machine);
    await page.waitFor('credentials');
    page.control({ type: 'credentials', password: DEFAULT_VNC_PASSWORD, remember: true });
    expect((await page.handshake()).name).toBe(machine.name);
    page.close();
    expect(await consoles.preferences(machine.id)).toEqual({
      settings: DEFAULT_CONSOLE_SETTINGS,
      passwordSaved: true,
    });
    const again = await openConsole(machine);
    expect((await again.handshake()).name).toBe(machine.name);
    again.close();
    await consoles.forgetPassword(machine.id);
    expect((await consoles.preferences(machine.id)).passwordSaved).toBe(false);
  });

  it('sends sessions on ESX or Hyper-V to their hypervisor', async () => {
    const machine = pick('unitrends', (m) => /\.vm_ir$/.test(m.vendorId));
    await expect(consoles.open(machine.id, testPage().endpoint)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('open its console there') as string,
    });
  });
});

describe('vCenter', () => {
  it('opens VMware Remote Console with a ticket that never leaves main', async () => {
    const machine = pick('vcenter', () => true);
    await expect(consoles.open(machine.id, testPage().endpoint)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: `${machine.name} opens in VMware Remote Console, not in a tab.`,
    });
    expect(await consoles.launchExternal(machine.id)).toEqual({ application: 'VMware Remote Console' });
    expect(opened.at(-1)).toMatch(/^vmrc:\/\/clone:cst-[0-9a-f]+--tp-/);
  });
});

describe('Danube Cloud', () => {
  it('has no console API, and says so', async () => {
    const machine = pick('danube', () => true);
    await expect(consoles.open(machine.id, testPage().endpoint)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('Danube Cloud has no console API') as string,
    });
  });
});

describe('viewer settings', () => {
  it('are remembered per machine', async () => {
    const [a, b] = byVendor.get('comodit') ?? [];
    if (!a || !b) throw new Error('two ComodIT machines expected');
    await consoles.saveSettings(a.id, { scaling: 'remote', quality: 3, compression: 9, viewOnly: true });
    expect((await consoles.preferences(a.id)).settings).toEqual({
      scaling: 'remote',
      quality: 3,
      compression: 9,
      viewOnly: true,
    });
    expect((await consoles.preferences(b.id)).settings).toEqual(DEFAULT_CONSOLE_SETTINGS);
  });
});

describe('removing a profile', () => {
  it('forgets its machines’ saved passwords and settings, and no other profile’s', async () => {
    const [a] = byVendor.get('comodit') ?? [];
    const [b] = byVendor.get('unitrends') ?? [];
    if (!a || !b) throw new Error('machines of two profiles expected');
    await keychain.set(`console:${a.id}`, 'pw-a');
    await keychain.set(`console:${b.id}`, 'pw-b');
    await consoles.saveSettings(a.id, { ...DEFAULT_CONSOLE_SETTINGS, viewOnly: true });
    await consoles.saveSettings(b.id, { ...DEFAULT_CONSOLE_SETTINGS, viewOnly: true });
    await consoles.forgetProfile(a.profileId);
    expect(await consoles.preferences(a.id)).toEqual({
      settings: DEFAULT_CONSOLE_SETTINGS,
      passwordSaved: false,
    });
    expect(await consoles.preferences(b.id)).toEqual({
      settings: { ...DEFAULT_CONSOLE_SETTINGS, viewOnly: true },
      passwordSaved: true,
    });
  });

  it('ends the consoles of its machines with the reason', async () => {
    const machine = pick('comodit', (m) => m.power === 'running');
    const page = await openConsole(machine);
    await page.handshake();
    await consoles.forgetProfile(machine.profileId);
    expect(await page.ended).toMatchObject({
      code: 'CANCELLED',
      message: 'The connection profile of this machine was removed.',
    });
  });
});
