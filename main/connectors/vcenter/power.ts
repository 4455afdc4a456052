import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../../common/errors';
import type { ActionOutcome, ActionProgress, Machine } from '../../../common/machines';
import { expectOk } from '../auth';
import { isVcenterAction, type GuestAction, type PowerAction, type VcenterAction } from './actions';
import { vmPath, type VcenterApi } from './api';
import { powerOf } from './mapping';
import { powerRefusal } from './refusals';
import { vcenterMessage } from './session';
import type { ToolsMemory } from './tools';

/** Power calls answer when the operation is over: a power-on may wait for HA admission or a slow datastore. */
const POWER_CALL_TIMEOUT_MS = 5 * 60_000;
/** How long a guest shutdown or restart is followed before Vantage gives up watching. */
const FOLLOW_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 1000;
/** A restart never seen happening (the guest came back between two polls) is taken as done after this. */
const REBOOT_UNSEEN_MS = 60_000;

/** The state each power call leaves the machine in. */
const FINAL: Readonly<Record<PowerAction, string>> = {
  start: 'POWERED_ON',
  stop: 'POWERED_OFF',
  suspend: 'SUSPENDED',
  reset: 'POWERED_ON',
};
const DOING: Readonly<Record<VcenterAction, (name: string) => string>> = {
  start: (name) => `Powering on ${name}`,
  stop: (name) => `Powering off ${name}`,
  suspend: (name) => `Suspending ${name}`,
  reset: (name) => `Resetting ${name}`,
  shutdown: (name) => `Asking the guest of ${name} to shut down`,
  reboot: (name) => `Asking the guest of ${name} to restart`,
};
const DONE: Readonly<Record<VcenterAction, string>> = {
  start: 'is powered on',
  stop: 'is powered off',
  suspend: 'is suspended',
  reset: 'was reset',
  shutdown: 'shut down and is powered off',
  reboot: 'restarted',
};

const isPowerAction = (id: VcenterAction): id is PowerAction => id in FINAL;

const outcome = (
  machine: Machine,
  action: VcenterAction,
  state: string,
  message?: string,
): ActionOutcome => ({
  message: message ?? `${machine.name} ${DONE[action]}.`,
  power: powerOf(state),
  vendorState: state,
});

/** `state` of `GET .../power` or `GET .../guest/power`. */
async function readState(api: VcenterApi, machine: Machine, suffix: string): Promise<string> {
  const answer = await api.read(vmPath(machine.vendorId, suffix));
  expectOk(answer.response, api.label, vcenterMessage);
  const state = (answer.value as { state?: unknown } | undefined)?.state;
  return typeof state === 'string' ? state : 'UNKNOWN';
}

/**
 * Guest power calls answer at once and the guest works on: poll until the machine is off (shutdown) or the guest
 * runs again after going down (reboot; the power state stays POWERED_ON throughout, so the guest state tells).
 * vCenter cannot cancel them: an abort only stops the watching.
 */
async function follow(
  api: VcenterApi,
  machine: Machine,
  action: GuestAction,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
): Promise<ActionOutcome> {
  const started = Date.now();
  let wentDown = false;
  for (;;) {
    const elapsed = Date.now() - started;
    if (action === 'shutdown') {
      const state = await readState(api, machine, '/power');
      if (state === 'POWERED_OFF') return outcome(machine, action, state);
    } else if ((await readState(api, machine, '/guest/power')) !== 'RUNNING') wentDown = true;
    else if (wentDown) return outcome(machine, action, 'POWERED_ON');
    else if (elapsed > REBOOT_UNSEEN_MS)
      return outcome(
        machine,
        action,
        'POWERED_ON',
        `The guest of ${machine.name} was asked to restart and is running (too quick to see it go down).`,
      );
    if (elapsed > FOLLOW_TIMEOUT_MS)
      throw new VantageError(
        'TIMEOUT',
        `${machine.name} has not ${action === 'shutdown' ? 'shut down' : 'restarted'} after 10 minutes: ` +
          'the guest may be stuck or still busy. Check its console, or use a hard power action.',
      );
    if (signal.aborted) break;
    const what = action === 'shutdown' ? 'shut down' : 'restart';
    progress({
      message: `Waiting for the guest of ${machine.name} to ${what} (${Math.round(elapsed / 1000)} s)…`,
    });
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
  }
  return {
    message: `Stopped watching ${machine.name}: its guest goes on with the ${action === 'shutdown' ? 'shutdown' : 'restart'} (vCenter cannot cancel it).`,
    power: 'transitioning',
  };
}

/** Performs one vCenter action and follows it to its end. */
export async function performAction(
  api: VcenterApi,
  tools: ToolsMemory,
  machine: Machine,
  actionId: string,
  progress: (update: ActionProgress) => void,
  signal: AbortSignal,
): Promise<ActionOutcome> {
  if (!isVcenterAction(actionId))
    throw new VantageError('INVALID_ARGUMENT', `vCenter has no action “${actionId}” for a virtual machine.`);
  const id = machine.vendorId;
  const api7 = (await api.flavour()) === 'api';
  const doing = DOING[actionId](machine.name);
  progress({ message: `${doing}…` });
  // The last moment a cancellation is real: once sent, vCenter carries the call out whatever Vantage does.
  if (signal.aborted)
    throw new VantageError(
      'CANCELLED',
      `Cancelled before anything was sent to vCenter: ${machine.name} is unchanged.`,
    );
  const notCancellable = (): void =>
    progress({ message: `${doing}: vCenter cannot cancel this once sent, so it goes on.` });
  signal.addEventListener('abort', notCancellable, { once: true });
  try {
    if (isPowerAction(actionId)) {
      const answer = api7
        ? await api.post(vmPath(id, '/power'), { action: actionId }, POWER_CALL_TIMEOUT_MS)
        : await api.post(vmPath(id, `/power/${actionId}`), undefined, POWER_CALL_TIMEOUT_MS);
      if (!answer.ok) throw powerRefusal(machine.name, actionId, answer.response);
      // The guest boots (or wakes) anew: what was known about its Tools is stale.
      tools.forget(id);
      return outcome(machine, actionId, FINAL[actionId]);
    }
    const answer = await api.post(vmPath(id, '/guest/power'), { action: actionId });
    // A 503 (no Tools yet) is not remembered: Tools that are still starting would hide the action for good.
    if (!answer.ok) throw powerRefusal(machine.name, actionId, answer.response);
    tools.forget(id);
    return await follow(api, machine, actionId, progress, signal);
  } finally {
    signal.removeEventListener('abort', notCancellable);
  }
}
