import type { StatusSide, StatusSides } from '../../../common/contract/status-sides';
import type { Machine } from '../../../common/machines';
import { envelopeOf, vmPath, type DanubeApi } from './api';
import { refusal, type Attempt } from './refusals';
import { settle } from './tasks';

/** A read of the node waits this long at most: the detail pane must not hang on a node that does not answer. */
const NODE_DEADLINE_MS = 30_000;

const resultOf = (response: { body: unknown }): Record<string, unknown> => {
  const result = envelopeOf(response as Parameters<typeof envelopeOf>[0])?.result;
  return typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

const failed = (error: unknown): StatusSide => ({
  error: error instanceof Error ? error.message : String(error),
});

/**
 * `GET /vm/<vm>/status/` (the database) and `GET /vm/<vm>/status/current/` (the node, a task when queued), read
 * together; either may fail on its own (a node that does not answer still leaves the recorded status to show).
 */
export async function readStatusSides(api: DanubeApi, machine: Machine): Promise<StatusSides> {
  const hostname = machine.vendorId;
  const recorded = async (): Promise<StatusSide> => {
    const attempt: Attempt = { phrase: `read the recorded status of ${hostname}`, vm: hostname };
    const answer = await api.get(vmPath(hostname, 'status'));
    if (answer.status !== 200) throw refusal(answer, attempt);
    const result = resultOf(answer);
    const since = text(result.status_change);
    return { status: text(result.status) ?? 'unknown', ...(since ? { since } : {}) };
  };
  const node = async (): Promise<StatusSide> => {
    const attempt: Attempt = {
      phrase: `read the state of ${hostname} from its node`,
      vm: hostname,
      state: machine.vendorState,
    };
    const answer = await api.get(vmPath(hostname, 'status', 'current'));
    const final = await settle(api, answer, attempt, () => undefined, AbortSignal.timeout(NODE_DEADLINE_MS), {
      deadlineMs: NODE_DEADLINE_MS,
    });
    const result = resultOf(final);
    const note = text(result.message);
    return { status: text(result.status) ?? 'unknown', ...(note ? { note } : {}) };
  };
  const [db, now] = await Promise.all([recorded().catch(failed), node().catch(failed)]);
  return { recorded: db, node: now };
}
