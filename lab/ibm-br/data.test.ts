import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createClock } from '../core/clock';
import { createRefusalLog } from '../core/log';
import { createRng, hashString } from '../core/rng';
import type { LabContext } from '../core/types';
import {
  contentKey,
  fileLayout,
  keystream,
  layoutChunks,
  layoutSha256,
  layoutStream,
  tarHeader,
  tarLayout,
} from './content';
import { createState } from './data';
import { fileCatalogue, MAX_FILE_SIZE } from './files';
import { body, openSession, type Session } from './test-support';

function context(seed: number, vms: number): LabContext {
  return {
    vendor: 'ibm-br',
    seed,
    vms,
    rng: createRng((seed ^ hashString('ibm-br')) >>> 0),
    clock: createClock(0.02),
    faults: () => ({}),
    consoles: {
      open: () => Promise.reject(new Error('IBM has no consoles')),
      close: () => Promise.resolve(),
    },
    log: createRefusalLog(),
  };
}

/** Everything seeded that does not depend on the wall clock. */
function fingerprint(seed: number): unknown {
  const state = createState(context(seed, 300));
  return {
    credentials: [state.apiKey, state.tenantId, state.cluster],
    hosts: [...state.hosts.values()].map((h) => [
      h.id,
      h.name,
      h.endpoint,
      h.osType,
      h.uuid,
      h.connectionId,
      h.logicalSizeBytes,
    ]),
    policies: [...state.policies.values()].map((p) => [p.id, p.spec]),
    groups: [...state.groups.values()].map((g) => [
      g.id,
      g.spec,
      g.objectIds,
      g.failure,
      g.runs.map((r) => [r.instanceId, r.outcome, r.failedObjectIds, r.messages]),
    ]),
    recoveries: [...state.recoveries.values()].map((r) => [
      r.id,
      r.name,
      r.snapshot,
      r.selections,
      r.outcome,
    ]),
    connections: [...state.connections.values()],
    files: fileCatalogue(seed, 1001, 'kLinux'),
  };
}

describe('determinism', () => {
  it('gives the same data for a seed and different data for another', () => {
    const a = fingerprint(42);
    expect(fingerprint(42)).toEqual(a);
    const b = fingerprint(43) as Record<string, unknown[]>;
    const first = a as Record<string, unknown[]>;
    expect(b.hosts?.[0]).not.toEqual(first.hosts?.[0]);
    expect(b.credentials).not.toEqual(first.credentials);
    expect(b.files).not.toEqual(first.files);
  });
});

describe('deterministic content', () => {
  const key = contentKey(1, 'test', '/data/x');

  it('produces any byte range as a slice of the whole stream', () => {
    const whole = keystream(key, 0, 5000);
    expect(keystream(key, 1234, 777).equals(whole.subarray(1234, 2011))).toBe(true);
    expect(keystream(contentKey(2, 'test', '/data/x'), 0, 64).equals(whole.subarray(0, 64))).toBe(false);
  });

  it('streams a range across its 1 MiB pieces as the same bytes, from an unaligned start', () => {
    const MiB = 1024 * 1024;
    const layout = fileLayout(key, 3 * MiB);
    const pieces = [...layoutChunks(layout, 1000, 2 * MiB + 2000)];
    expect(pieces.length).toBe(3);
    const whole = keystream(key, 0, 3 * MiB);
    expect(Buffer.concat(pieces).equals(whole.subarray(1000, 2 * MiB + 2000))).toBe(true);
  });

  it('lays out a valid tar archive whose stream matches its digest', async () => {
    const entries = [
      { path: '/etc/hosts', key, size: 700 },
      {
        path: `/very/${'long-directory-name/'.repeat(6)}file.txt`,
        key: contentKey(1, 'test', 'b'),
        size: 1024,
      },
    ];
    const layout = tarLayout(entries, 1_700_000_000);
    expect(layout.size).toBe(512 + 1024 + 512 + 1024 + 1024);
    const header = Buffer.concat([...layoutChunks(layout, 0, 512)]);
    const stored = parseInt(header.subarray(148, 154).toString(), 8);
    const blanked = Buffer.from(header);
    blanked.write('        ', 148);
    expect(stored).toBe(blanked.reduce((sum, byte) => sum + byte, 0));
    expect(header.subarray(0, 9).toString()).toBe('etc/hosts');
    expect(
      tarHeader(entries[1]?.path.slice(1) ?? '', 1, 0)
        .subarray(345, 350)
        .toString(),
    ).toBe('very/');
    const streamed: Buffer[] = [];
    for await (const chunk of layoutStream(layout, 0, layout.size)) streamed.push(chunk as Buffer);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(Buffer.concat(streamed)).digest('hex')).toBe(layoutSha256(layout));
  });

  it('keeps catalogue files between a few KiB and 64 MiB', () => {
    const sizes = [1001, 1002, 1003, 1004].flatMap((id) =>
      fileCatalogue(7, id, id % 2 ? 'kLinux' : 'kWindows').map((f) => f.size),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_FILE_SIZE);
    expect(Math.max(...sizes)).toBeGreaterThan(8 * 1024 * 1024);
  });
});

describe('wire details', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ vms: 40_000 });
  });
  afterAll(() => s.close());

  it('lists thousands of registrations and pages every object with the cookie', async () => {
    const registrations = body<{ registrations: { id: number }[] }>(
      await s.call('GET', '/data-protect/sources/registrations'),
    );
    expect(registrations.registrations).toHaveLength(4000);
    const seen = new Set<number>();
    let cookie: string | undefined;
    let pages = 0;
    do {
      const query = `count=1000${cookie ? `&paginationCookie=${encodeURIComponent(cookie)}` : ''}`;
      const page = body<{ objects: { id: number }[]; paginationCookie?: string; count: number }>(
        await s.call('GET', `/data-protect/search/objects?${query}`),
      );
      expect(page.count).toBe(4000);
      for (const object of page.objects) seen.add(object.id);
      cookie = page.paginationCookie;
      pages++;
    } while (cookie && pages < 10);
    expect(pages).toBe(4);
    expect(seen.size).toBe(4000);
    const bad = await s.call('GET', '/data-protect/search/objects?paginationCookie=garbage');
    expect(bad.status).toBe(400);
  });

  it('writes int64 ids beyond 2^53 exactly on the wire', async () => {
    const answer = await s.call('GET', '/data-protect/sources/registrations?ids=1001,1002');
    const pattern =
      /"connectionId":(\d+),"connections":\[\{"connectionId":(\d+),"entityId":\d+,"connectorGroupId":(\d+),"dataSourceConnectionId":"(\d+)"/g;
    const matches = [...answer.text.matchAll(pattern)];
    expect(matches).toHaveLength(2);
    for (const [, top, inner, group, text] of matches) {
      expect(top).toBe(text);
      expect(inner).toBe(text);
      expect(BigInt(top ?? 0)).toBeGreaterThan(2n ** 53n);
      expect(BigInt(group ?? 0)).toBeGreaterThan(2n ** 53n);
      // JSON.parse would have rounded it: the exact digits matter.
      expect(String(Number(top))).not.toBe(top);
    }
    const connectionId = matches[0]?.[4] ?? '';
    const made = await s.client.call('POST', '/v2/data-protect/sources/registrations', {
      headers: { ...s.headers, 'content-type': 'application/json' },
      rawBody: `{"environment":"kPhysical","connectionId":${connectionId},"physicalParams":{"endpoint":"172.26.1.99","hostType":"kLinux","physicalType":"kHost"}}`,
    });
    expect(made.status).toBe(201);
    expect(made.text).toContain(`"connectionId":${connectionId},`);
    const unknown = await s.client.call('POST', '/v2/data-protect/sources/registrations', {
      headers: { ...s.headers, 'content-type': 'application/json' },
      rawBody:
        '{"environment":"kPhysical","connectionId":530243354208762051,"physicalParams":{"endpoint":"172.26.1.98"}}',
    });
    expect(unknown.status).toBe(404);
  });

  it('reads comma-joined array parameters, encoded or not', async () => {
    const groups = body<{ protectionGroups: { id: string }[] }>(
      await s.call('GET', '/data-protect/protection-groups'),
    ).protectionGroups;
    const [a, b] = [groups[0]?.id ?? '', groups[1]?.id ?? ''];
    const count = async (query: string): Promise<number> =>
      body<{ protectionGroups: unknown[] }>(await s.call('GET', `/data-protect/protection-groups?${query}`))
        .protectionGroups.length;
    expect(await count(`ids=${a},${b}`)).toBe(2);
    expect(await count(`ids=${encodeURIComponent(`${a},${b}`)}`)).toBe(2);
    expect(await count(`ids=${a}`)).toBe(1);
    expect(await count('environments=kVMware,kPhysical')).toBe(groups.length);
    expect(await count('environments=kVMware')).toBe(0);
    const regs = body<{ registrations: unknown[] }>(
      await s.call('GET', '/data-protect/sources/registrations?ids=1001%2C1002%2C1003'),
    );
    expect(regs.registrations).toHaveLength(3);
    expect((await s.call('GET', '/data-protect/sources/registrations?ids=1001,x')).status).toBe(400);
  });
});
