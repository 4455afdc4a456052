import type { LabAnswer, LabClient } from '../core/testing';
import { pollUntil } from '../comodit/test-support';

export interface Appliance {
  token: string;
  get(path: string): Promise<LabAnswer>;
  put(path: string, body?: unknown): Promise<LabAnswer>;
  post(path: string, body: unknown): Promise<LabAnswer>;
  del(path: string, body?: unknown): Promise<LabAnswer>;
}

/** POST /api/login, then every call with the `AuthToken` header, as the pstoolkit does. */
export async function signIn(
  client: LabClient,
  username = 'root',
  password = 'unitrends1',
): Promise<Appliance> {
  const answer = await client.call('POST', '/api/login', { body: { username, password } });
  if (answer.status !== 201) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  const token = (answer.json as { auth_token: string }).auth_token;
  const headers = { AuthToken: token };
  const send = (method: string) => (path: string, body?: unknown) =>
    client.call(method, path, { headers, ...(body === undefined ? {} : { body }) });
  return { token, get: send('GET'), put: send('PUT'), post: send('POST'), del: send('DELETE') };
}

export type Item = Record<string, unknown> & { id: number; virtual_id: string };
type Row = Record<string, unknown> & { system_id: number };

/** Items of one type on one system from GET /api/virtual_clients/. */
export async function listed(ueb: Appliance, type: string, sid = 1): Promise<Item[]> {
  const answer = await ueb.get(`/api/virtual_clients/?type=${type}&sid=${sid}`);
  const row = (answer.json as { data: Row[] }).data[0];
  return (row?.[type] as Item[] | undefined) ?? [];
}

/** Polls the listing until the item with `id` satisfies `check` (or is gone, with `check` = undefined). */
export function waitForItem(
  ueb: Appliance,
  type: string,
  id: number,
  check?: (item: Item) => boolean,
  sid = 1,
): Promise<Item | 'gone'> {
  return pollUntil(async () => {
    const item = (await listed(ueb, type, sid)).find((i) => i.id === id);
    if (!check) return item ? undefined : 'gone';
    return item && check(item) ? item : undefined;
  });
}

/** Polls GET /virtual_clients/{id}/state/ until `current_state` is `state`. */
export function waitForWirState(ueb: Appliance, id: number, state: string): Promise<unknown> {
  return pollUntil(async () => {
    const answer = await ueb.get(`/api/virtual_clients/${id}.wir/state/`);
    return (answer.json as { current_state?: string }).current_state === state ? answer.json : undefined;
  });
}
