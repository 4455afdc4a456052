import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ActionOutcome, ActionProgress, Machine } from '../../../common/machines';
import { labClient, type LabAnswer } from '../../../lab/core/testing';
import { startLab, type Lab, type LabVendorInfo } from '../../../lab/lab';
import { createConnections, type Connections } from '../../services/connections';
import { labTrust } from '../../services/demo';
import { memoryKeychain } from '../../services/memory-keychain';
import { openProfileStore } from '../../services/profile-store';
import { createSecretsService } from '../../services/secrets';
import { CONNECTORS } from '..';
import type { Connector } from '../types';

/** Test support (not a test): the Danube lab over HTTPS and connectors built the way the app builds them. */

export type Who = 'admin' | 'user';

export interface DanubeLab {
  lab: Lab;
  info: LabVendorInfo;
  /** Showcase VMs by role, as `describe().extra.showcaseVms` names them. */
  vms: Record<string, string>;
  connector(who?: Who, dc?: string): Promise<Connector>;
  /** The lab's own API, as the admin (or the plain user) with an API key: the truth to compare with. */
  raw(method: string, path: string, body?: unknown, who?: Who): Promise<LabAnswer>;
  /** `result` of a raw GET that must succeed. */
  result<T>(path: string, who?: Who): Promise<T>;
  close(): Promise<void>;
}

export async function openDanubeLab(options: { vms: number; timeScale: number }): Promise<DanubeLab> {
  const lab = await startLab({ vendors: ['danube'], ...options });
  const info = lab.vendor('danube');
  const client = labClient(info);
  const dir = await mkdtemp(join(tmpdir(), 'vantage-danube-'));
  const connections: Connections = createConnections({
    store: await openProfileStore(dir),
    secrets: createSecretsService(memoryKeychain()),
    connectors: CONNECTORS,
  });
  const keys: Record<Who, string> = {
    admin: info.credentials.apiKey ?? '',
    user: info.extra?.userApiKey ?? '',
  };
  const vms = Object.fromEntries(
    (info.extra?.showcaseVms ?? '').split(', ').map((pair) => pair.split('=') as [string, string]),
  );
  const raw: DanubeLab['raw'] = (method, path, body, who = 'admin') =>
    client.call(method, path, {
      headers: { 'es-api-key': keys[who] },
      ...(body !== undefined ? { body } : {}),
    });
  return {
    lab,
    info,
    vms,
    async connector(who = 'admin', dc) {
      const c = info.credentials;
      const profile = await connections.create(
        {
          name: `Lab danube (${who})`,
          baseUrl: info.url,
          username: who === 'admin' ? c.username : c.userUsername,
          options: { vendor: 'danube', auth: 'password', ...(dc ? { dc } : {}) },
        },
        { secret: (who === 'admin' ? c.password : c.userPassword) ?? '', keep: 'keychain' },
        labTrust(info),
      );
      return connections.connector(profile.id);
    },
    raw,
    async result<T>(path: string, who: Who = 'admin') {
      const answer = await raw('GET', path, undefined, who);
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
      return (answer.json as { result: T }).result;
    },
    async close() {
      await connections.close();
      await client.close();
      await lab.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every machine of a connector's listing, with the pages as they came. */
export async function listAll(connector: Connector): Promise<{ machines: Machine[]; pages: number }> {
  const machines: Machine[] = [];
  let pages = 0;
  await connector.listMachines((page) => {
    pages++;
    machines.push(...page);
  }, new AbortController().signal);
  return { machines, pages };
}

export async function machineOf(connector: Connector, hostname: string): Promise<Machine> {
  const found = (await listAll(connector)).machines.find((m) => m.vendorId === hostname);
  if (!found) throw new Error(`${hostname} is not listed`);
  return found;
}

export interface Run {
  outcome: ActionOutcome;
  progress: ActionProgress[];
}

/** Performs an action on a freshly listed machine and keeps the progress it reported. */
export async function run(
  connector: Connector,
  hostname: string,
  actionId: string,
  options: Record<string, unknown> = {},
  hooks: { signal?: AbortSignal; onProgress?: (update: ActionProgress) => void } = {},
): Promise<Run> {
  const progress: ActionProgress[] = [];
  const machine = await machineOf(connector, hostname);
  const outcome = await connector.perform(
    machine,
    actionId,
    options,
    (update) => {
      progress.push(update);
      hooks.onProgress?.(update);
    },
    hooks.signal ?? new AbortController().signal,
  );
  return { outcome, progress };
}

/** The error an action is refused with (the test fails when it is not refused). */
export async function refusalOf(
  connector: Connector,
  hostname: string,
  actionId: string,
  options: Record<string, unknown> = {},
): Promise<unknown> {
  return run(connector, hostname, actionId, options).then(
    () => {
      throw new Error(`${actionId} on ${hostname} was not refused`);
    },
    (error: unknown) => error,
  );
}
