import { createHash } from 'node:crypto';

import type { Rng } from '../core/rng';

/**
 * Task ids encode who asked, for whom and where (`que/utils.py`):
 * `<user_id><tt><owner_id><tg><dc_id>-<8hex>-<4hex>-<4hex>-<4hex>`, e.g. `1e2d1-6f75849b-fc64-4e1c-9a7f`.
 * `tt`: d(ummy) e(xec) a(uto) m(gmt) i(nternal) f (error); `tg`: d (DC-bound) or u (DC-unbound).
 * Dummy ids (synchronous answers) carry md5(user_id)[-8:] as their first group, so they are recognisable.
 */
export interface TaskPrefix {
  userId: number;
  type: string;
  ownerId: number;
  group: string;
  dcId: number;
}

const TASK_TYPES = 'deamif';
const TASK_GROUPS = 'du';
const PREFIX = /^(\d+)([a-zA-Z]+)(\d+)([a-zA-Z]+)(\d+)$/;

const md5Tail = (userId: number): string => createHash('md5').update(String(userId)).digest('hex').slice(-8);

export function makeTaskId(rng: Rng, prefix: TaskPrefix): string {
  const head = `${prefix.userId}${prefix.type}${prefix.ownerId}${prefix.group}${prefix.dcId}`;
  // str(uuid4())[:-13] keeps "xxxxxxxx-xxxx-4xxx-yxxx"; a dummy id swaps the first group for the md5 tail.
  const uuid = rng.uuid().slice(0, -13);
  return prefix.type === 'd' ? `${head}-${md5Tail(prefix.userId)}${uuid.slice(8)}` : `${head}-${uuid}`;
}

/** `is_valid_task_id` + `user_owner_dc_ids_from_task_id`; undefined for anything malformed. */
export function parseTaskId(taskId: string): TaskPrefix | undefined {
  const parts = taskId.split('-');
  if (
    parts.length !== 5 ||
    parts
      .slice(1)
      .map((p) => p.length)
      .join() !== '8,4,4,4'
  )
    return undefined;
  const match = PREFIX.exec(parts[0] ?? '');
  if (!match) return undefined;
  const [, user = '', type = '', owner = '', group = '', dc = ''] = match;
  if (type.length !== 1 || !TASK_TYPES.includes(type) || group.length !== 1 || !TASK_GROUPS.includes(group))
    return undefined;
  return { userId: Number(user), type, ownerId: Number(owner), group, dcId: Number(dc) };
}

export function isDummyTaskId(taskId: string): boolean {
  const prefix = parseTaskId(taskId);
  return prefix !== undefined && taskId.split('-')[1] === md5Tail(prefix.userId);
}
