import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ProfileInput } from '../../common/profiles';
import { VENDOR_IDS, type VendorId } from '../../common/vendors';
import { startCaptureServer, type CaptureServer } from '../../lab/core/capture-server';
import { startLab, type Lab } from '../../lab/lab';
import { CONNECTORS } from '../connectors';
import { createConnections, type Connections } from './connections';
import { labProfile, labTrust } from './demo';
import { memoryKeychain } from './memory-keychain';
import { openProfileStore } from './profile-store';
import { createSecretsService } from './secrets';

// A saved secret is bound to the endpoints it was saved for: re-pointing a profile must not carry it along.
let lab: Lab;
let capture: CaptureServer;
let dir: string;
let connections: Connections;
const keychain = memoryKeychain();

beforeAll(async () => {
  [lab, capture] = await Promise.all([startLab({ vms: 20, timeScale: 0.02 }), startCaptureServer()]);
  dir = await mkdtemp(join(tmpdir(), 'vantage-binding-'));
  connections = createConnections({
    store: await openProfileStore(dir),
    secrets: createSecretsService(keychain),
    connectors: CONNECTORS,
  });
});
afterAll(async () => {
  await connections.close();
  await Promise.all([lab.stop(), capture.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function labConnection(vendor: VendorId, keep: 'keychain' | 'session' = 'keychain') {
  const info = lab.vendor(vendor);
  const { input, secret } = labProfile(info);
  const profile = await connections.create(input, { secret, keep }, labTrust(info));
  expect((await connections.test(profile.id)).ok).toBe(true);
  return { id: profile.id, input, secret };
}

const toCapture = (input: ProfileInput): ProfileInput => ({
  ...input,
  baseUrl: capture.url,
  allowInsecureHttp: true,
});

describe.each(VENDOR_IDS)('%s: a saved secret stays with its server', (vendor) => {
  it('an edit of other fields keeps the secret', async () => {
    const { id, input } = await labConnection(vendor);
    const renamed = await connections.update(id, { ...input, name: `${input.name} (renamed)` }, {});
    expect(renamed.secret).toBe('keychain');
    expect((await connections.test(id)).ok).toBe(true);
  });

  it.each(['keychain', 'session'] as const)(
    'a new address without a new secret forgets the %s secret; the new server never sees it',
    async (keep) => {
      const { id, input, secret } = await labConnection(vendor, keep);
      const moved = await connections.update(id, toCapture(input), {});
      expect(moved.secret).toBe('none');
      expect(keychain.items.has(`profile:${id}`)).toBe(false);
      expect((await connections.test(id)).ok).toBe(false);
      expect(capture.received(secret)).toBe(false);
      // Forgotten, not hidden: going back to the old address does not bring it back.
      expect((await connections.update(id, input, {})).secret).toBe('none');
      expect((await connections.test(id)).ok).toBe(false);
    },
  );

  it('a new secret entered in the same change goes to the new server (the capture sees what is sent)', async () => {
    const { id, input } = await labConnection(vendor);
    const fresh = `fresh-${vendor}-secret`;
    const moved = toCapture(input);
    if (moved.options.vendor === 'ibm-br') moved.options = { ...moved.options, iamUrl: capture.url };
    await connections.update(id, moved, { secret: fresh, keep: 'keychain' });
    await connections.test(id);
    expect(capture.received(fresh)).toBe(true);
  });
});

describe('IBM: the IAM endpoint is where the API key goes', () => {
  it('a new IAM endpoint alone forgets the API key', async () => {
    const { id, input, secret } = await labConnection('ibm-br');
    if (input.options.vendor !== 'ibm-br') throw new Error('not an IBM profile');
    const moved = await connections.update(
      id,
      {
        ...input,
        allowInsecureHttp: true,
        options: { ...input.options, iamUrl: `${capture.url}/identity/token` },
      },
      {},
    );
    expect(moved.secret).toBe('none');
    await connections.test(id);
    expect(capture.received(secret)).toBe(false);
  });
});
