import { VantageError, type ErrorCode } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';
import { envelopeOf } from './api';
import { danubeMessage, isPermissionRefusal } from './messages';

/** What was being done, for the sentences: `phrase` completes "Danube Cloud cannot …" ("start web-01"). */
export interface Attempt {
  phrase: string;
  vm?: string;
  /** The VM's recorded status when the attempt was made. */
  state?: string;
  dc?: string;
}

type Explain = (attempt: Attempt) => [ErrorCode, string];

const theVm = (a: Attempt): string => a.vm ?? 'the VM';

/** A recorded status in words: `stopped-` is Danube's "not ready (stopped)". */
function inState(a: Attempt): string {
  const state = a.state;
  if (!state) return 'in its current state';
  if (state.endsWith('-')) return `not ready (${state.slice(0, -1)})`;
  return state === 'notready' ? 'not ready' : state === 'notcreated' ? 'not created' : state;
}

/** Danube's own refusal texts (`api/exceptions.py`, `api/vm/status/vm_status.py`) in an administrator's words. */
const KNOWN: ReadonlyMap<string, Explain> = new Map<string, Explain>([
  [
    'Node is not operational',
    (a) => [
      'CONFLICT',
      `The compute node of ${theVm(a)} is not operational (unreachable or in maintenance), so Danube Cloud cannot ${a.phrase} now.`,
    ],
  ],
  [
    'VM is not operational',
    (a) => [
      'CONFLICT',
      `Danube Cloud cannot ${a.phrase} while it is ${inState(a)}: the VM is not operational.`,
    ],
  ],
  [
    'VM is already stopping; try to use force',
    (a) => ['CONFLICT', `${theVm(a)} is already stopping: choose “force” to stop it at once.`],
  ],
  [
    'VM has pending tasks',
    (a) => [
      'CONFLICT',
      `${theVm(a)} has pending tasks: wait until they end (or cancel them), then ${a.phrase} again.`,
    ],
  ],
  [
    'Task did not acquire lock',
    (a) => ['CONFLICT', `Another status task is running on ${theVm(a)}: wait until it ends, then try again.`],
  ],
  ['Bad action', (a) => ['CONFLICT', `Danube Cloud cannot ${a.phrase} while it is ${inState(a)}.`]],
  [
    'VM has snapshots',
    (a) => [
      'CONFLICT',
      `${theVm(a)} has snapshots, so its pending disk change cannot be applied: delete the snapshots, or act without “update”.`,
    ],
  ],
  [
    'VM must be updated first',
    (a) => [
      'CONFLICT',
      `${theVm(a)} cannot start with its pending change (a disk resize) until an administrator updates the VM: start it with “update” set to no to keep its current configuration.`,
    ],
  ],
  [
    'VM is not installed',
    (a) => [
      'PERMISSION_DENIED',
      `On an installed VM such as ${theVm(a)}, this account may boot the datacenter's rescue CD only.`,
    ],
  ],
  [
    "Internal VM can't be stopped",
    (a) => ['CONFLICT', `${theVm(a)} is an internal VM of Danube Cloud: it must not be stopped or rebooted.`],
  ],
  [
    'Cannot perform update while VM is stopping',
    (a) => [
      'CONFLICT',
      `${theVm(a)} is stopping, so its pending change cannot be applied now: act without “update”, or wait.`,
    ],
  ],
  [
    'VM not found',
    (a) => [
      'NOT_FOUND',
      `Danube Cloud no longer knows ${theVm(a)} in this datacenter: refresh the inventory.`,
    ],
  ],
  [
    'Datacenter not found',
    (a) => [
      'NOT_FOUND',
      `Danube Cloud has no datacenter “${a.dc ?? ''}” that this account may see: check the profile's datacenter.`,
    ],
  ],
  [
    'Task does not exist (anymore)',
    (a) => [
      'UPSTREAM',
      `Danube Cloud forgot the task to ${a.phrase} before it reported an end: refresh to see the VM's status.`,
    ],
  ],
]);

/** Danube's refusal texts that name something (a node), matched by shape. */
const PATTERNS: readonly [RegExp, (a: Attempt, name: string) => [ErrorCode, string]][] = [
  [
    // `execute()` pings the node's task queue first (esdc-ce answers this 400 FAILURE; its docs say 423).
    /^Task queue worker \((.+)\) is not responding!$/,
    (a, node) => [
      'UNREACHABLE',
      `The compute node ${node} of ${theVm(a)} does not answer Danube Cloud, so it cannot ${a.phrase} now: check the node, then try again.`,
    ],
  ],
];

function explain(said: string | undefined, attempt: Attempt): [ErrorCode, string] | undefined {
  const known = KNOWN.get(said ?? '');
  if (known) return known(attempt);
  for (const [pattern, words] of PATTERNS) {
    const match = pattern.exec(said ?? '');
    if (match) return words(attempt, match[1] ?? '');
  }
  return undefined;
}

/** The vendor's raw answer, kept in an error's details. */
export const rawAnswer = (response: HttpResponse): { status: number; body: unknown } => ({
  status: response.status,
  body: response.body ?? response.text.slice(0, 500),
});

/** A serializer's 400 FAILURE envelope: field -> messages, e.g. `{"cdimage": ["Select a valid choice. …"]}`. */
function fieldErrors(response: HttpResponse): string | undefined {
  const result = envelopeOf(response)?.result;
  if (response.status !== 400 || !result || typeof result !== 'object') return undefined;
  const parts: string[] = [];
  for (const [field, messages] of Object.entries(result))
    if (Array.isArray(messages)) parts.push(`${field}: ${messages.join(' ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

function byStatus(status: number, a: Attempt): [ErrorCode, string] {
  if (status === 403) return ['PERMISSION_DENIED', `This account lacks the permission to ${a.phrase}.`];
  if (status === 404) return ['NOT_FOUND', `Danube Cloud cannot find what is needed to ${a.phrase}.`];
  if (status === 429)
    return ['UPSTREAM', `Danube Cloud is pacing this account's calls: ${a.phrase} a bit later.`];
  if ([409, 412, 417, 423, 424, 428].includes(status))
    return ['CONFLICT', `Danube Cloud cannot ${a.phrase} in the VM's current situation.`];
  return ['UPSTREAM', `Danube Cloud could not ${a.phrase} (HTTP ${status}).`];
}

/** A refused or failed call as a plain sentence, the vendor's own words after it and its raw answer in details. */
export function refusal(response: HttpResponse, attempt: Attempt): VantageError {
  const details = rawAnswer(response);
  const fields = fieldErrors(response);
  if (fields)
    return new VantageError(
      'INVALID_ARGUMENT',
      `Danube Cloud refused the options to ${attempt.phrase}: ${fields}`,
      details,
    );
  const said = danubeMessage(response);
  // Danube's authentication failures are 403s too; this one came after signing in again.
  if (response.status === 403 && !isPermissionRefusal(response)) {
    const why = /token/i.test(said ?? '')
      ? ", even after signing in again: another program signing in as the same user ends Vantage's session (Danube keeps one token per user)."
      : '.';
    return new VantageError(
      'AUTH_FAILED',
      `Danube Cloud did not accept Vantage's sign-in to ${attempt.phrase}${why}${said ? ` Danube Cloud said: “${said}”` : ''}`,
      details,
    );
  }
  const [code, sentence] = explain(said, attempt) ?? byStatus(response.status, attempt);
  return new VantageError(code, said ? `${sentence} Danube Cloud said: “${said}”` : sentence, details);
}

/** A task that ran and failed on the node (FAILURE, HTTP 400): the node's message says why. */
export function taskFailure(response: HttpResponse, attempt: Attempt): VantageError {
  const result = envelopeOf(response)?.result as { message?: unknown } | string | null | undefined;
  const message = typeof result === 'object' && result !== null ? result.message : result;
  const why = typeof message === 'string' && message ? message : danubeMessage(response);
  return new VantageError(
    'UPSTREAM',
    `Danube Cloud could not ${attempt.phrase}${why ? `: the node answered “${why}”` : '.'}`,
    rawAnswer(response),
  );
}

export function cancelled(attempt: Attempt, details?: unknown): VantageError {
  return new VantageError(
    'CANCELLED',
    `Cancelled: Danube Cloud did not ${attempt.phrase}; the VM keeps the state it had.`,
    details,
  );
}
