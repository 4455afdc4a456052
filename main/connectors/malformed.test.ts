import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProfileSchema, type VendorOptions } from '../../common/profiles';
import { VENDOR_IDS, type VendorId } from '../../common/vendors';
import { createHttpClient, type HttpClient } from '../net/http-client';
import { startHostileServer, type HostileServer } from '../net/testing/hostile-server';
import { CONNECTORS } from '.';
import type { Connector } from './types';

// Every connector against a server that answers 200 with an HTML page (a captive portal, a proxy) or with JSON of
// a shape the vendor never sends: the person reads an UPSTREAM error with a sentence, never INTERNAL.
let server: HostileServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

function options(vendor: VendorId, baseUrl: string): VendorOptions {
  switch (vendor) {
    case 'vcenter':
      return { vendor, apiFlavour: 'auto' };
    case 'danube':
      return { vendor, auth: 'password' };
    case 'comodit':
      return { vendor, auth: 'password' };
    case 'unitrends':
      return { vendor };
    case 'ibm-br':
      return {
        vendor,
        region: 'us-east',
        instanceId: 'instance',
        tenantId: 'tenant',
        iamUrl: `${baseUrl}iam`,
      };
  }
}

function connectorAt(vendor: VendorId, baseUrl: string): Connector {
  const now = new Date().toISOString();
  const profile = ProfileSchema.parse({
    id: crypto.randomUUID(),
    createdAt: now,
    updatedAt: now,
    name: 'Odd server',
    baseUrl,
    username: 'admin',
    options: options(vendor, baseUrl),
  });
  return CONNECTORS[vendor]({
    profile,
    secret: () => Promise.resolve('secret'),
    http: (o = {}) => {
      const client = createHttpClient({
        baseUrl: o.baseUrl ?? profile.baseUrl,
        tls: {},
        label: o.label ?? profile.name,
        retries: 0,
      });
      clients.push(client);
      return client;
    },
    remember: () => undefined,
  });
}

const upstream = { code: 'UPSTREAM', message: expect.stringMatching(/^.{10,}[.:!]/) as string };

describe.each(VENDOR_IDS)('%s connector', (vendor) => {
  it('says an HTML answer is not what the vendor sends', async () => {
    const connector = connectorAt(vendor, `${server.url}/html/`);
    await expect(connector.test()).rejects.toMatchObject(upstream);
    await expect(connector.listMachines(() => undefined, new AbortController().signal)).rejects.toMatchObject(
      upstream,
    );
  });

  it('says an HTML answer after a successful sign-in is not what the vendor sends', async () => {
    const connector = connectorAt(vendor, `${server.url}/signed-in/html/`);
    await expect(connector.test()).rejects.toMatchObject(upstream);
    await expect(connector.listMachines(() => undefined, new AbortController().signal)).rejects.toMatchObject(
      upstream,
    );
  });

  it('says a JSON answer of the wrong shape is not what the vendor sends', async () => {
    const connector = connectorAt(vendor, `${server.url}/odd/`);
    await expect(connector.test()).rejects.toMatchObject(upstream);
    await expect(connector.listMachines(() => undefined, new AbortController().signal)).rejects.toMatchObject(
      upstream,
    );
  });
});
