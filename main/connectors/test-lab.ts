import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Machine } from '../../common/machines';
import type { ProfileInput, ProfileView } from '../../common/profiles';
import type { VendorId } from '../../common/vendors';
import { startLab, type Lab, type LabVendorInfo } from '../../lab/lab';
import { createConnections, type Connections } from '../services/connections';
import { labTrust } from '../services/demo';
import { memoryKeychain } from '../services/memory-keychain';
import { openProfileStore } from '../services/profile-store';
import { createSecretsService } from '../services/secrets';
import { CONNECTORS } from '.';
import type { Connector } from './types';

/* Test support (no tests here): one vendor's lab over HTTPS and the app's connection service in front of it. */

export interface LabConnections {
  lab: Lab;
  info: LabVendorInfo;
  connections: Connections;
  /** A profile pinned to the lab's certificate, and its connector built as the app builds it. */
  connect(
    input: Pick<ProfileInput, 'username' | 'options'>,
    secret: string,
  ): Promise<{ profile: ProfileView; connector: Connector }>;
  close(): Promise<void>;
}

export async function startLabConnections(
  vendor: VendorId,
  options: { vms: number; timeScale: number },
): Promise<LabConnections> {
  const lab = await startLab({ vendors: [vendor], ...options });
  const info = lab.vendor(vendor);
  const dir = await mkdtemp(join(tmpdir(), `vantage-${vendor}-`));
  const connections = createConnections({
    store: await openProfileStore(dir),
    secrets: createSecretsService(memoryKeychain()),
    connectors: CONNECTORS,
  });
  let count = 0;
  return {
    lab,
    info,
    connections,
    async connect(input, secret) {
      const profile = await connections.create(
        {
          ...input,
          name: `Lab ${vendor} ${++count}`,
          baseUrl: info.url,
        },
        { secret, keep: 'keychain' },
        labTrust(info),
      );
      return { profile, connector: connections.connector(profile.id) };
    },
    async close() {
      await connections.close();
      await lab.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The lab's IBM instance as a profile (its tenant, its IAM, its API key), connected as the app connects it. */
export function connectIbm(env: LabConnections): ReturnType<LabConnections['connect']> {
  const options = {
    vendor: 'ibm-br' as const,
    region: 'us-east',
    instanceId: 'lab',
    tenantId: env.info.credentials.tenantId ?? '',
    iamUrl: `${env.info.url}/identity/token`,
  };
  return env.connect({ options }, env.info.credentials.apiKey ?? '');
}

/** Every machine a listing hands over, and the pages as they came. */
export async function listAll(
  connector: Connector,
  signal = new AbortController().signal,
): Promise<{ machines: Machine[]; pages: Machine[][] }> {
  const machines: Machine[] = [];
  const pages: Machine[][] = [];
  await connector.listMachines((page) => {
    pages.push(page);
    machines.push(...page);
  }, signal);
  return { machines, pages };
}
