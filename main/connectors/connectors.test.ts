import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProfileInput } from '../../common/profiles';
import { VENDOR_IDS, type VendorId } from '../../common/vendors';
import { startLab, type Lab, type LabVendorInfo } from '../../lab/lab';
import { createConnections, type Connections } from '../services/connections';
import { labProfile, labTrust } from '../services/demo';
import { memoryKeychain } from '../services/memory-keychain';
import { openProfileStore } from '../services/profile-store';
import { createSecretsService } from '../services/secrets';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTORS } from '.';

// Every connector against its lab simulator over real HTTPS: sign-in, test connection, the errors a person sees.
let lab: Lab;
let dir: string;
let connections: Connections;

function profileFor(info: LabVendorInfo): { input: ProfileInput; secret: string } {
  const { input, secret } = labProfile(info);
  return { input: { ...input, name: `Lab ${info.vendor}` }, secret };
}

beforeAll(async () => {
  lab = await startLab({ vms: 50, timeScale: 0.02 });
  dir = await mkdtemp(join(tmpdir(), 'vantage-connectors-'));
  connections = createConnections({
    store: await openProfileStore(dir),
    secrets: createSecretsService(memoryKeychain()),
    connectors: CONNECTORS,
  });
});
afterAll(async () => {
  await connections.close();
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const add = async (vendor: VendorId, change: { secret?: string; pinned?: boolean } = {}) => {
  const info = lab.vendor(vendor);
  const { input, secret } = profileFor(info);
  const trusted = change.pinned === false ? undefined : labTrust(info);
  return connections.create(input, { secret: change.secret ?? secret, keep: 'keychain' }, trusted);
};

describe.each(VENDOR_IDS)('%s connector', (vendor) => {
  it('signs in and passes every check', async () => {
    const profile = await add(vendor);
    const verdict = await connections.test(profile.id);
    expect(verdict.error).toBeUndefined();
    expect(verdict.checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(verdict.apiVersion).toBeTruthy();
  });

  it('says the credentials are wrong', async () => {
    const profile = await add(vendor, { secret: 'wrong-secret-123' });
    const verdict = await connections.test(profile.id);
    expect(verdict.error?.code).toBe('AUTH_FAILED');
    expect(verdict.checks.find((c) => c.id === 'credentials')?.status).toBe('failed');
    expect(verdict.checks.find((c) => c.id === 'certificate')?.status).toBe('ok');
  });

  it('stops at an untrusted certificate and shows its fingerprint', async () => {
    const profile = await add(vendor, { pinned: false });
    const verdict = await connections.test(profile.id);
    expect(verdict.error?.code).toBe('CERT_UNTRUSTED');
    expect(verdict.certificate?.fingerprint256).toBe(lab.vendor(vendor).fingerprint256);
    const trusted = await connections.trust(profile.id, verdict.certificate?.fingerprint256 ?? '');
    expect(trusted.tls.pinnedFingerprint256).toBe(lab.vendor(vendor).fingerprint256);
    expect((await connections.test(profile.id)).ok).toBe(true);
  });
});

describe('sessions that expire', () => {
  it.each(['vcenter', 'danube', 'unitrends', 'ibm-br'] as const)(
    '%s renews an expired token unnoticed',
    async (vendor) => {
      lab.setFaults(vendor, { tokenLifetimeSec: 1 });
      try {
        const profile = await add(vendor);
        expect((await connections.test(profile.id)).ok).toBe(true);
        await sleep(1300);
        const again = await connections.test(profile.id);
        expect(again.error).toBeUndefined();
        expect(again.ok).toBe(true);
      } finally {
        lab.setFaults(vendor, {});
      }
    },
  );
});
