import { VantageError } from '../../../common/errors';
import type { ActionOutcome, ActionProgress, Machine } from '../../../common/machines';
import { envelopeOf, vmPath, type DanubeApi } from './api';
import { statusPower } from './mapping';
import { forcedFormNeeded } from './forced-form';
import { cancelled, type Attempt } from './refusals';
import { settle } from './tasks';

/** How an action is asked for: `GET|PUT /vm/<hostname>/status/<endpoint>/` with fixed parameters and options. */
interface ActionRequest {
  method: 'GET' | 'PUT';
  endpoint: 'start' | 'stop' | 'reboot' | 'current';
  fixed?: Record<string, unknown>;
  /** The option ids passed on, named as Danube names its parameters (§1.7). */
  options: readonly string[];
  /** Completes "Danube Cloud cannot …". */
  phrase: (hostname: string) => string;
  outcome: (
    machine: Machine,
    result: Record<string, unknown>,
    options: Record<string, unknown>,
  ) => ActionOutcome;
}

const done = (message: string, vendorState: string): ActionOutcome => ({
  message,
  power: statusPower(vendorState),
  vendorState,
});

/** `Successfully updated VM …` lines tell that the pending definition change was applied. */
const updated = (result: Record<string, unknown>): string =>
  typeof result.message === 'string' && result.message.includes('Successfully updated')
    ? ', with its configuration change applied'
    : '';

/** `.../status/current/` answers what the node said and whether the DB record was changed (`status_changed`). */
function nodeState(machine: Machine, result: Record<string, unknown>): ActionOutcome {
  const h = machine.vendorId;
  const node = typeof result.status === 'string' ? result.status : 'unknown';
  const note = typeof result.message === 'string' && result.message ? ` (${result.message})` : '';
  if (result.status_changed === true)
    return done(`The node reports ${h} as ${node}${note}: Danube Cloud corrected its record.`, node);
  if (node === machine.vendorState) return done(`The node confirms that ${h} is ${node}${note}.`, node);
  return {
    message: `The node reports ${h} as ${node}${note}, but Danube Cloud keeps the recorded status (${machine.vendorState}): an administrator can overwrite it.`,
  };
}

const REQUESTS: ReadonlyMap<string, ActionRequest> = new Map<string, ActionRequest>([
  [
    'start',
    {
      method: 'PUT',
      endpoint: 'start',
      options: ['update', 'cdimage', 'cdimage2', 'cdimage_once'],
      phrase: (h) => `start ${h}`,
      outcome: (m, result) => done(`${m.vendorId} is running${updated(result)}.`, 'running'),
    },
  ],
  [
    'stop',
    {
      method: 'PUT',
      endpoint: 'stop',
      options: ['force', 'timeout', 'freeze', 'update'],
      phrase: (h) => `stop ${h}`,
      outcome: (m, result, options) =>
        options.freeze === true
          ? done(`${m.vendorId} is stopped and frozen${updated(result)}.`, 'frozen')
          : done(`${m.vendorId} is stopped${updated(result)}.`, 'stopped'),
    },
  ],
  [
    'reboot',
    {
      method: 'PUT',
      endpoint: 'reboot',
      options: ['force', 'timeout', 'update'],
      phrase: (h) => `reboot ${h}`,
      outcome: (m, result) => done(`${m.vendorId} rebooted and is running${updated(result)}.`, 'running'),
    },
  ],
  [
    'freeze',
    {
      method: 'PUT',
      endpoint: 'stop',
      fixed: { freeze: true },
      options: [],
      phrase: (h) => `freeze ${h}`,
      outcome: (m) => done(`${m.vendorId} is frozen: nobody can start it until it is unfrozen.`, 'frozen'),
    },
  ],
  [
    'unfreeze',
    {
      method: 'PUT',
      endpoint: 'stop',
      fixed: { unfreeze: true },
      options: [],
      phrase: (h) => `unfreeze ${h}`,
      outcome: (m) => done(`${m.vendorId} is no longer frozen; it stays stopped.`, 'stopped'),
    },
  ],
  [
    'status-current',
    {
      method: 'GET',
      endpoint: 'current',
      options: [],
      phrase: (h) => `read the state of ${h} from its node`,
      outcome: nodeState,
    },
  ],
  [
    'status-current-force',
    {
      method: 'PUT',
      endpoint: 'current',
      // `force` only when chosen: a 428 leads to the forced form (forced-form.ts).
      options: ['force'],
      phrase: (h) => `overwrite the recorded status of ${h}`,
      outcome: nodeState,
    },
  ],
]);

/** An option's value as Danube takes it: yes/no choices as booleans, the timeout as whole seconds. */
function wireValue(id: string, value: unknown): unknown {
  if (id === 'timeout') return Math.trunc(Number(value));
  if (value === 'yes' || value === 'no') return value === 'yes';
  return value;
}

/** The options Danube knows for this action, unset ones left out so that Danube's own defaults apply. */
function parameters(options: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const chosen: Record<string, unknown> = {};
  for (const id of allowed) {
    const value = typeof options[id] === 'string' ? options[id].trim() : options[id];
    if (value === undefined || value === null || value === '') continue;
    chosen[id] = wireValue(id, value);
  }
  return chosen;
}

/**
 * Starts, stops, reboots, freezes or unfreezes a VM, or reads its state from the node, and follows Danube's task
 * to its end (§1.5, §1.7).
 */
export async function performAction(
  api: DanubeApi,
  machine: Machine,
  actionId: string,
  options: Record<string, unknown>,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
): Promise<ActionOutcome> {
  const request = REQUESTS.get(actionId);
  if (!request) throw new VantageError('INVALID_ARGUMENT', `Danube Cloud has no action “${actionId}”.`);
  const hostname = machine.vendorId;
  const attempt: Attempt = { phrase: request.phrase(hostname), vm: hostname, state: machine.vendorState };
  if (signal.aborted) throw cancelled(attempt);
  const path = vmPath(hostname, 'status', request.endpoint);
  const answer =
    request.method === 'GET'
      ? await api.get(path)
      : await api.put(path, { ...parameters(options, request.options), ...request.fixed });
  const final = await settle(api, answer, attempt, progress, signal).catch((error: unknown) => {
    throw request.endpoint === 'current' ? forcedFormNeeded(error, actionId, options) : error;
  });
  const result = envelopeOf(final)?.result;
  return request.outcome(
    machine,
    typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {},
    options,
  );
}
