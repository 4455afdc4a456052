/** The ComodIT lab and connectors built the way the app builds them, for this folder's tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Machine } from '../../../common/machines';
import type { ProfileInput } from '../../../common/profiles';
import { labClient, type LabClient } from '../../../lab/core/testing';
import { startLab, type Lab } from '../../../lab/lab';
import { createConnections, type Connections } from '../../services/connections';
import { labTrust } from '../../services/demo';
import { memoryKeychain } from '../../services/memory-keychain';
import { openProfileStore } from '../../services/profile-store';
import { createSecretsService } from '../../services/secrets';
import { CONNECTORS } from '..';
import type { Connector, ConnectorFactory } from '../types';
import type { ComoditHost, ComoditInstance } from './records';

export interface ComoditProfileChoice {
  user?: 'admin' | 'auditor';
  organization?: string;
  environment?: string;
  /** Replaces the ComodIT connector factory (e.g. one with short polling limits). */
  factory?: ConnectorFactory;
}

export interface ComoditTestLab {
  lab: Lab;
  /** The lab's own API, signed in as the admin: the ground truth the connector is checked against. */
  client: LabClient;
  adminHeaders: Record<string, string>;
  connector(choice?: ComoditProfileChoice): Promise<Connector>;
  close(): Promise<void>;
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export async function startComoditLab(vms: number): Promise<ComoditTestLab> {
  const lab = await startLab({ vendors: ['comodit'], vms, timeScale: 0.02 });
  const info = lab.vendor('comodit');
  const dir = await mkdtemp(join(tmpdir(), 'vantage-comodit-'));
  const all: Connections[] = [];
  const [auditor = '', auditorPassword = ''] = String(info.extra?.readOnlyUser ?? '').split(' / ');
  const users = {
    admin: [info.credentials.username ?? '', info.credentials.password ?? ''],
    auditor: [auditor, auditorPassword],
  } as const;
  const client = labClient(info);

  return {
    lab,
    client,
    adminHeaders: { authorization: basic(...users.admin) },
    async connector(choice = {}) {
      const [username, secret] = users[choice.user ?? 'admin'];
      const connections = createConnections({
        store: await openProfileStore(await mkdtemp(join(dir, 'profiles-'))),
        secrets: createSecretsService(memoryKeychain()),
        connectors: choice.factory ? { ...CONNECTORS, comodit: choice.factory } : CONNECTORS,
      });
      all.push(connections);
      const input: ProfileInput = {
        name: 'Lab ComodIT',
        baseUrl: info.url,
        username,
        options: {
          vendor: 'comodit',
          auth: 'password',
          ...(choice.organization ? { organization: choice.organization } : {}),
          ...(choice.environment ? { environment: choice.environment } : {}),
        },
      };
      const profile = await connections.create(input, { secret, keep: 'keychain' }, labTrust(info));
      return connections.connector(profile.id);
    },
    async close() {
      await Promise.all(all.map((c) => c.close()));
      await client.close();
      await lab.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface LabHostRecord {
  host: ComoditHost;
  instance: ComoditInstance;
}

const segment = encodeURIComponent;
export const labHostPath = (host: ComoditHost): string =>
  `/api/organizations/${segment(host.organization)}/environments/${segment(host.environment)}/hosts/${segment(host.name)}`;

/** Every host with an instance, read one by one through the lab's API (slow, plain and independent). */
export async function labInstances(t: ComoditTestLab): Promise<LabHostRecord[]> {
  const headers = t.adminHeaders;
  const orgs = (await t.client.call('GET', '/api/organizations', { headers })).json as {
    items: { name: string }[];
  };
  const records: LabHostRecord[] = [];
  for (const org of orgs.items) {
    const hosts = (await t.client.call('GET', `/api/organizations/${segment(org.name)}/hosts`, { headers }))
      .json as { items: ComoditHost[] };
    for (const host of hosts.items) {
      const answer = await t.client.call('GET', `${labHostPath(host)}/instance`, { headers });
      if (answer.status === 200) records.push({ host, instance: answer.json as ComoditInstance });
    }
  }
  return records;
}

/** Every machine the connector lists, and how many pages it took. */
export async function listAll(
  connector: Connector,
  signal = new AbortController().signal,
): Promise<{ machines: Machine[]; pages: number }> {
  const machines: Machine[] = [];
  let pages = 0;
  await connector.listMachines((page) => {
    pages++;
    machines.push(...page);
  }, signal);
  return { machines, pages };
}
