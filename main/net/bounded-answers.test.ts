import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VantageError } from '../../common/errors';
import { createHttpClient, type HttpClient, type HttpRequest } from './http-client';
import { withOperation } from './operation';
import { startHostileServer, type HostileServer } from './testing/hostile-server';

// A real HTTP server on loopback that answers too much, too deep or too slowly.
let server: HostileServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startHostileServer();
  http = createHttpClient({ baseUrl: server.url, tls: {}, label: 'Hostile lab', maxBodyBytes: 1024 * 1024 });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

async function failure(request: HttpRequest, client = http): Promise<VantageError> {
  const error = await client.send(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VantageError);
  return error as VantageError;
}

describe('answers larger than the call can return', () => {
  it('stops reading past the limit with an UPSTREAM error that says so, and never retries a GET for it', async () => {
    const before = server.requests('/huge');
    const error = await failure({ method: 'GET', path: 'huge', query: { mb: 8 } });
    expect(error.code).toBe('UPSTREAM');
    expect(error.message).toBe(
      'Hostile lab answered with more than 1 MiB, far more than this call can return: the answer was too large and Vantage stopped reading it.',
    );
    expect(error.details).toEqual({ status: 200, limitBytes: 1024 * 1024 });
    expect(server.requests('/huge') - before).toBe(1);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    const error = await failure({ method: 'GET', path: 'huge', query: { mb: 500, declare: 1 } });
    expect(error.message).toMatch(/too large/);
  });

  it('gives a sign-in a small limit and a listing a larger one, and a call its own', async () => {
    const generous = createHttpClient({ baseUrl: server.url, tls: {}, label: 'Hostile lab' });
    try {
      const signIn = await failure(
        { method: 'POST', path: 'huge', query: { mb: 5 }, authenticate: false },
        generous,
      );
      expect(signIn.message).toMatch(/more than 4 MiB/);
      const listing = await generous.send({ method: 'GET', path: 'huge', query: { mb: 5 } });
      expect(listing.body).toHaveLength(5 * 1024 * 1024);
      const own = await failure(
        { method: 'GET', path: 'huge', query: { mb: 1 }, maxBodyBytes: 1000 },
        generous,
      );
      expect(own.message).toMatch(/more than 0 MiB/);
    } finally {
      await generous.close();
    }
  });

  it('refuses absurdly nested JSON before parsing it, and does not retry it', async () => {
    const before = server.requests('/deep');
    // 4 MB of text, under the limit of the call.
    const error = await failure({ method: 'GET', path: 'deep', query: { n: 2_000_000 }, maxBodyBytes: 8e6 });
    expect(error.code).toBe('UPSTREAM');
    expect(error.message).toBe(
      'Hostile lab answered with JSON nested deeper than 256 levels, which no real record is: Vantage refused it.',
    );
    expect(server.requests('/deep') - before).toBe(1);
    expect((await http.send({ method: 'GET', path: 'deep', query: { n: 200 } })).status).toBe(200);
  });
});

describe('deadlines', () => {
  it('gives a call one deadline for all its tries: a trickling body costs one timeout, not three', async () => {
    const started = Date.now();
    const error = await failure({ method: 'GET', path: 'trickle', query: { every: 50 }, timeoutMs: 400 });
    const took = Date.now() - started;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      'Hostile lab (' +
        new URL(server.url).host +
        ') did not answer in time: no complete answer within 0.4 s.',
    );
    // Three tries of 400 ms would take 1.2 s and more; one deadline ends at 0.4 s (plus scheduling under load).
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(1100);
  });

  it('gives a user-visible operation one deadline over every call it makes, and names it', async () => {
    const started = Date.now();
    const error = await withOperation('Test connection', 600, async () => {
      // Two calls that would each take their full 15 s.
      await http.send({ method: 'POST', path: 'trickle', authenticate: false });
      await http.send({ method: 'GET', path: 'trickle' });
    }).then(
      () => undefined,
      (e: unknown) => e as VantageError,
    );
    const took = Date.now() - started;
    expect(error?.code).toBe('TIMEOUT');
    expect(error?.message).toBe('Test connection did not finish within 0.6 s and was stopped.');
    expect(took).toBeLessThan(2000);
  });

  it('ends a call when its caller cancels it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure({ method: 'GET', path: 'trickle', signal: controller.signal });
    expect(error.code).toBe('CANCELLED');
  });
});
