import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startLab, type Lab } from '../../lab/lab';
import { createHttpClient } from './http-client';

// A real CONNECT proxy, like a corporate one: the client must tunnel through it and still verify the pinned certificate.
let proxy: Server;
let proxyUrl = '';
const tunnels: string[] = [];
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ vendors: ['comodit'], vms: 10 });
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await lab.stop();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

function withEnv<T>(env: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  return run().finally(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
}

describe('proxies', () => {
  const info = () => lab.vendor('comodit');
  const call = () => {
    const http = createHttpClient({
      baseUrl: info().url,
      tls: { pinnedFingerprint256: info().fingerprint256, pinnedCertificatePem: info().certificatePem },
      label: 'ComodIT lab',
    });
    return http.send({ method: 'GET', path: 'api/organizations/' }).finally(() => http.close());
  };

  it('tunnels through HTTPS_PROXY and keeps verifying the pinned certificate', async () => {
    tunnels.length = 0;
    const answer = await withEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: undefined, no_proxy: undefined }, call);
    expect(answer.status).toBe(401); // the lab answered (no credentials sent): the TLS session went through the tunnel
    expect(tunnels).toEqual([new URL(info().url).host]);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    tunnels.length = 0;
    const answer = await withEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' }, call);
    expect(answer.status).toBe(401);
    expect(tunnels).toEqual([]);
  });
});
