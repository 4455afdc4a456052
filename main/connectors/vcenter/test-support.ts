import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll } from 'vitest';

import type { ActionProgress, Machine } from '../../../common/machines';
import { startLab, type Lab } from '../../../lab/lab';
import { vcenterClient, type Headers, type VcenterTestClient } from '../../../lab/vcenter/test-support';
import { createConnections, type Connections } from '../../services/connections';
import { labTrust } from '../../services/demo';
import { memoryKeychain } from '../../services/memory-keychain';
import { openProfileStore } from '../../services/profile-store';
import { createSecretsService } from '../../services/secrets';
import { CONNECTORS } from '..';
import type { Connector } from '../types';

/** The vCenter connector against the vCenter lab over real HTTPS, built the way the app builds it. */
export interface VcenterTestbed {
  lab: Lab;
  /** The lab's own API, to check what the connector says against what vCenter holds. */
  client: VcenterTestClient;
  admin: Headers;
  connector(flavour: 'auto' | 'api' | 'rest', user?: 'admin' | 'readonly'): Promise<Connector>;
}

/** Starts a lab of `vms` machines in all (vCenter gets its share) for the tests of one file. */
export function useTestbed(vms: number): { readonly testbed: VcenterTestbed } {
  let testbed: VcenterTestbed | undefined;
  let dir = '';
  let connections: Connections | undefined;
  let lab: Lab | undefined;

  beforeAll(async () => {
    lab = await startLab({ vendors: ['vcenter'], vms, timeScale: 0.02 });
    dir = await mkdtemp(join(tmpdir(), 'vantage-vcenter-'));
    const live = createConnections({
      store: await openProfileStore(dir),
      secrets: createSecretsService(memoryKeychain()),
      connectors: CONNECTORS,
    });
    connections = live;
    const info = lab.vendor('vcenter');
    const client = vcenterClient(lab);
    testbed = {
      lab,
      client,
      admin: await client.login('api'),
      async connector(apiFlavour, user = 'admin') {
        const readOnly = user === 'readonly';
        const profile = await live.create(
          {
            name: `vcenter-${apiFlavour}-${user}`,
            baseUrl: info.url,
            username: readOnly ? info.extra?.readOnlyUsername : info.credentials.username,
            options: { vendor: 'vcenter', apiFlavour },
          },
          {
            secret: (readOnly ? info.extra?.readOnlyPassword : info.credentials.password) ?? '',
            keep: 'keychain',
          },
          labTrust(info),
        );
        return live.connector(profile.id);
      },
    };
  });
  afterAll(async () => {
    await connections?.close();
    await testbed?.client.close();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  return {
    get testbed(): VcenterTestbed {
      if (!testbed) throw new Error('the testbed starts in beforeAll');
      return testbed;
    },
  };
}

/** Every page a listing hands over, in order, and the rows by vCenter id as the window would hold them (later replace). */
export async function listAll(
  connector: Connector,
): Promise<{ pages: Machine[][]; rows: Map<string, Machine> }> {
  const pages: Machine[][] = [];
  await connector.listMachines((page) => pages.push(page), new AbortController().signal);
  const rows = new Map<string, Machine>();
  for (const page of pages) for (const machine of page) rows.set(machine.vendorId, machine);
  return { pages, rows };
}

/** Runs an action and keeps its progress messages. */
export async function run(
  connector: Connector,
  machine: Machine,
  actionId: string,
  signal = new AbortController().signal,
): Promise<{ message: string; power?: string; vendorState?: string; progress: string[] }> {
  const progress: string[] = [];
  const outcome = await connector.perform(
    machine,
    actionId,
    {},
    (update: ActionProgress) => progress.push(update.message),
    signal,
  );
  return { ...outcome, progress };
}

/** The refusal `promise` ends with, for assertions on its code, sentence and details. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details: unknown };
  }
  throw new Error('the action was expected to be refused');
}
