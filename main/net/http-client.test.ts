import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VantageError } from '../../common/errors';
import type { FaultConfig } from '../../lab/core/faults';
import { createRefusalLog } from '../../lab/core/log';
import { startVendorServer, type RunningVendorServer } from '../../lab/core/server';
import { makeLabCertificate, type LabCertificate } from '../../lab/core/tls';
import type { LabRouter } from '../../lab/core/types';
import { createHttpClient, type HttpClientOptions } from './http-client';

// A real HTTPS server with a self-signed certificate, like an appliance fresh out of the box.
let server: RunningVendorServer;
let certificate: LabCertificate;
let faults: FaultConfig = {};
const calls = { flaky: 0, action: 0 };
let validToken = 'token-1';

beforeAll(async () => {
  certificate = await makeLabCertificate('appliance.test');
  server = await startVendorServer({
    vendor: 'test',
    certificate,
    host: '127.0.0.1',
    port: 0,
    faults: () => faults,
    random: () => 0,
    log: createRefusalLog(),
    simulator: {
      errorBody: (status, message) => ({ status, message }),
      describe: () => ({ credentials: {} }),
      routes(router: LabRouter) {
        router.on('GET', '/v2/objects', () => ({
          status: 200,
          body: { id: 9007199254740993n, name: 'vm' },
          int64: true,
        }));
        router.on('GET', '/v2/flaky', () => ({
          status: ++calls.flaky < 3 ? 503 : 200,
          body: { calls: calls.flaky },
        }));
        router.on('POST', '/v2/action', () => ({ status: 503, body: { calls: ++calls.action } }));
        router.on('GET', '/v2/garbage', () => ({
          status: 200,
          raw: Buffer.from('{"value": [1, 2'),
          headers: { 'content-type': 'application/json' },
        }));
        router.on('GET', '/v2/slow', async () => {
          await sleep(800);
          return { status: 200, body: {} };
        });
        router.on('GET', '/v2/secure', (req) =>
          req.headers.authorization === `Bearer ${validToken}`
            ? { status: 200, body: { ok: true } }
            : { status: 401, body: { error: 'expired' } },
        );
      },
    },
  });
});
afterAll(() => server.close());

const pinned = () => ({
  pinnedFingerprint256: certificate.fingerprint256,
  pinnedCertificatePem: certificate.cert,
});
const client = (extra: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ baseUrl: `${server.url}/v2`, tls: pinned(), label: 'Test appliance', ...extra });

async function failure(promise: Promise<unknown>): Promise<VantageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VantageError);
  return error as VantageError;
}

describe('TLS trust', () => {
  it('refuses a self-signed certificate and describes it for the trust dialog', async () => {
    const http = createHttpClient({ baseUrl: server.url, tls: {}, label: 'Test appliance' });
    const error = await failure(http.send({ method: 'GET', path: '/v2/objects' }));
    expect(error.code).toBe('CERT_UNTRUSTED');
    expect(error.message).toMatch(/self-signed/);
    expect(error.details).toMatchObject({
      certificate: {
        fingerprint256: certificate.fingerprint256,
        selfSigned: true,
        subject: expect.stringContaining('appliance.test') as string,
      },
    });
    await http.close();
  });

  it('talks to the pinned certificate', async () => {
    const http = client();
    expect((await http.send({ method: 'GET', path: 'objects', int64: true })).body).toEqual({
      id: '9007199254740993',
      name: 'vm',
    });
    await http.close();
  });

  it('accepts a certificate signed by the profile CA', async () => {
    // A self-signed certificate is its own CA: given as the profile CA, the host name is checked too (127.0.0.1 is in its SAN).
    const http = createHttpClient({
      baseUrl: server.url,
      tls: { caPem: certificate.cert },
      label: 'Test appliance',
    });
    expect((await http.send({ method: 'GET', path: '/v2/objects' })).status).toBe(200);
    await http.close();
  });

  it('refuses a changed certificate and names the risk', async () => {
    const other = await makeLabCertificate('impostor.test');
    const http = createHttpClient({
      baseUrl: server.url,
      tls: { pinnedFingerprint256: other.fingerprint256, pinnedCertificatePem: other.cert },
      label: 'Test appliance',
    });
    const error = await failure(http.send({ method: 'GET', path: '/v2/objects' }));
    expect(error.code).toBe('CERT_CHANGED');
    expect(error.message).toMatch(/intercepting/);
    expect(error.details).toMatchObject({
      pinnedFingerprint256: other.fingerprint256,
      certificate: { fingerprint256: certificate.fingerprint256 },
    });
    await http.close();
  });
});

describe('failures', () => {
  it('says when nothing listens', async () => {
    const http = createHttpClient({ baseUrl: 'https://127.0.0.1:1', tls: {}, label: 'Danube lab' });
    const error = await failure(http.send({ method: 'GET', path: '/' }));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toBe(
      'Danube lab (127.0.0.1:1) refused the connection: nothing is listening there.',
    );
  });

  it('times out', async () => {
    const http = client({ retries: 0 });
    const error = await failure(http.send({ method: 'GET', path: 'slow', timeoutMs: 200 }));
    expect(error.code).toBe('TIMEOUT');
    await http.close();
  });

  it('retries an idempotent call on 503 and never a mutation', async () => {
    const http = client();
    expect((await http.send({ method: 'GET', path: 'flaky' })).body).toEqual({ calls: 3 });
    expect((await http.send({ method: 'POST', path: 'action' })).status).toBe(503);
    expect(calls.action).toBe(1);
    await http.close();
  });

  it('reports malformed JSON with an excerpt', async () => {
    const http = client({ retries: 0 });
    const error = await failure(http.send({ method: 'GET', path: 'garbage' }));
    expect(error.code).toBe('UPSTREAM');
    expect(error.message).toMatch(/malformed JSON/);
    expect(error.details).toMatchObject({ excerpt: '{"value": [1, 2' });
    await http.close();
  });

  it('retries a truncated answer for a GET, then gives up clearly', async () => {
    const http = client({ retries: 1 });
    faults = { truncateRate: 1 };
    try {
      const error = await failure(http.send({ method: 'GET', path: 'objects' }));
      expect(['UNREACHABLE', 'UPSTREAM']).toContain(error.code);
    } finally {
      faults = {};
    }
    expect((await http.send({ method: 'GET', path: 'objects' })).status).toBe(200);
    await http.close();
  });
});

describe('authentication', () => {
  it('signs in again once and replays the call when the session expired', async () => {
    let token = 'token-1';
    let renewals = 0;
    let signInWorks = true;
    const http = client({
      auth: {
        headers: () => Promise.resolve({ authorization: `Bearer ${token}` }),
        isAuthFailure: (r) => r.status === 401,
        renew: () => {
          renewals++;
          token = signInWorks ? validToken : 'refused';
          return Promise.resolve();
        },
      },
    });
    expect((await http.send({ method: 'GET', path: 'secure' })).status).toBe(200);
    validToken = 'token-2'; // the upstream expires the session
    expect((await http.send({ method: 'GET', path: 'secure' })).body).toEqual({ ok: true });
    expect(renewals).toBe(1);
    validToken = 'token-3';
    signInWorks = false;
    expect((await http.send({ method: 'GET', path: 'secure' })).status).toBe(401); // one renewal per call, no loop
    expect(renewals).toBe(2);
    await http.close();
  });
});
