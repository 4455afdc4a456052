import * as z from 'zod';

import { request } from '../ipc';

const machineId = z.string().min(3).max(600);
/** ComodIT names are URL path segments: no `/` in them. */
const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/]+$/, 'A name holds no “/”.');

/** One `{key, value}` of an instance (seed 001: `POST .../instance/properties` takes a list of them). */
export const InstancePropertySchema = z
  .object({ key: z.string().min(1).max(200), value: z.string().max(4096) })
  .strict();
export const InstancePropertiesSchema = z
  .array(InstancePropertySchema)
  .min(1, 'At least one property.')
  .max(500)
  .refine((list) => new Set(list.map((p) => p.key)).size === list.length, 'Each key once.');
export type InstanceProperty = z.infer<typeof InstancePropertySchema>;

/** A host's instance as the detail pane shows it. The VNC token never leaves main. */
export interface InstanceView {
  state: string;
  agent?: string;
  properties: InstanceProperty[];
  /** Where a VNC viewer connects; absent when the instance has no console now (`vncNote` says why). */
  vnc?: { host: string; port: number };
  vncNote?: string;
}

export const CreateInstanceRecordSchema = z
  .object({
    /** The ComodIT profile holding the target host. */
    profileId: z.uuid(),
    organization: name,
    environment: name,
    host: name,
    properties: InstancePropertiesSchema,
  })
  .strict();
export type CreateInstanceRecord = z.infer<typeof CreateInstanceRecordSchema>;

/**
 * Reads a property list pasted as JSON: the seed's `[{key, value}, …]`, or a whole instance (its `properties`).
 * Answers the list or the first reason it is not one, in words.
 */
export function parseInstanceProperties(
  json: string,
): { ok: true; properties: InstanceProperty[] } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'This is not JSON.' };
  }
  const list =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { properties?: unknown }).properties
      : value;
  const parsed = InstancePropertiesSchema.safeParse(list);
  if (parsed.success) return { ok: true, properties: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
  return {
    ok: false,
    error: `Not a list of {"key", "value"} strings${where}: ${issue?.message ?? 'invalid'}.`,
  };
}

/** ComodIT instances (seed 001): properties, VNC access, and a record created from properties without provisioning. */
export const instancesRequests = {
  'instances.read': request<InstanceView>()(
    z.object({ machineId }).strict(),
    'A ComodIT host instance: state, agent, properties and VNC host and port (never the token).',
  ),
  'instances.createRecord': request<InstanceView>()(
    CreateInstanceRecordSchema,
    'Creates the instance of a host without an instance from properties, without provisioning (a task with an audit entry).',
  ),
} as const;
