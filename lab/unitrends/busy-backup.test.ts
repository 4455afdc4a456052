import { afterAll, beforeAll, expect, it } from 'vitest';

import { labClient, startVendorLab, type LabClient } from '../core/testing';
import type { Lab } from '../lab';
import { signIn } from './test-client';

let lab: Lab;
let client: LabClient;

beforeAll(async () => {
  lab = await startVendorLab('unitrends', { vms: 200, timeScale: 0.01 });
  client = labClient(lab.vendor('unitrends'));
});
afterAll(async () => {
  await client.close();
  await lab.stop();
});

it('runs one instant recovery per backup at a time, and frees the backup when the session is torn down', async () => {
  const ueb = await signIn(client);
  const candidates = (await ueb.get('/api/virtual_clients/candidates/?sid=1')).json as {
    data: { candidates: { backup_id: number; client_name: string }[] }[];
  };
  const sessions = new Set(
    (
      (await ueb.get('/api/virtual_clients/?sid=1')).json as { data: Record<string, { vm_name: string }[]>[] }
    ).data
      .flatMap((row) => ['vm_ir', 'hv_ir', 'appliance_ir'].flatMap((t) => row[t] ?? []))
      .map((s) => s.vm_name),
  );
  // Seeded sessions are named after their client: pick one without a session.
  const free = candidates.data[0]?.candidates.find((c) => !sessions.has(`${c.client_name}-ir`));
  if (!free) throw new Error('no free candidate');
  const start = (name: string) =>
    ueb.post('/api/restore/instant/?sid=1', { backup_id: free.backup_id, audit: true, target: { name } });
  const first = await start('one');
  expect(first.status).toBe(201);
  const second = await start('two');
  expect(second.status).toBe(500);
  const id = (first.json as { result: { id: number; virtual_id: string }[] }).result[0];
  expect(second.text).toContain(
    `Backup ${free.backup_id} is busy: instant recovery session ${id?.virtual_id ?? ''} uses it.`,
  );
  expect(
    (await ueb.del(`/api/virtual_clients/${id?.id ?? 0}/?sid=1`, { type: 'appliance_ir', force: 1 })).status,
  ).toBe(200);
  expect((await start('three')).status).toBe(201);
});
