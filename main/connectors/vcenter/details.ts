import type { Machine } from '../../../common/machines';
import { expectOk } from '../auth';
import { vmPath, type VcenterAnswer, type VcenterApi } from './api';
import { vcenterMessage } from './session';
import type { ToolsMemory } from './tools';

/** The records of one machine, keyed as the detail pane shows them, and where each comes from. */
const PARTS = [
  ['vm', ''],
  ['power', '/power'],
  ['guest.identity', '/guest/identity'],
  ['tools', '/tools'],
] as const;
/** Parts whose 503 means "VMware Tools are not running": an answer, not worth retrying. */
const ANSWERS_503 = new Set<string>(['guest.identity']);

/**
 * Every record vCenter keeps about one machine, read together. A part that is refused (no Tools: 503 on the guest
 * identity; an inaccessible machine: its configuration) is recorded under `errors`, so the others still show.
 */
export async function readDetails(
  api: VcenterApi,
  tools: ToolsMemory,
  machine: Machine,
): Promise<Record<string, unknown>> {
  const answers = await Promise.all(
    PARTS.map(([key, suffix]) =>
      api.read(vmPath(machine.vendorId, suffix), undefined, { once: ANSWERS_503.has(key) }),
    ),
  );
  const raw: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  PARTS.forEach(([key], i) => {
    const { ok, value, response } = answers[i] as VcenterAnswer;
    if (ok) raw[key] = value;
    else
      errors[key] = {
        message: vcenterMessage(response) ?? `vCenter answered ${response.status}.`,
        status: response.status,
        body: response.body,
      };
  });
  // Nothing answered (the machine is gone, or this account may not read it): that is an error, not a record.
  if (Object.keys(raw).length === 0)
    expectOk((answers[0] as VcenterAnswer).response, api.label, vcenterMessage);
  const runState = (raw.tools as { run_state?: unknown } | undefined)?.run_state;
  if (runState === 'RUNNING' || runState === 'NOT_RUNNING')
    tools.learn(machine.vendorId, runState === 'RUNNING');
  if (Object.keys(errors).length > 0) raw.errors = errors;
  return raw;
}
