import { setTimeout as sleep } from 'node:timers/promises';

import { VantageError } from '../../../common/errors';
import type { ActionOutcome, ActionProgress, Machine } from '../../../common/machines';
import type { HttpClient, HttpResponse } from '../../net/http-client';
import { expectOk } from '../auth';
import type { Connector } from '../types';
import { powerAction, type PowerAction } from './actions';
import { cancelled, comoditMessage, rawAnswer, saidSuffix } from './errors';
import { powerOf } from './mapping';
import { hostRefOf, instanceActionPath, instancePath, type HostRef } from './paths';
import type { ComoditInstance } from './records';

export interface PollTiming {
  /** Pauses between reads of the instance, the last one repeated: quick at first, then comodit-client's 3 s. */
  intervalsMs: readonly number[];
  /** Replaces every action's own time limit (tests). */
  timeoutMs?: number;
}

export const DEFAULT_POLLING: PollTiming = { intervalsMs: [250, 500, 1000, 2000, 3000] };

function duration(ms: number): string {
  const [amount, unit] =
    ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.ceil(ms / 1000), 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** A refused action as a sentence about this machine; the vendor's words and answer are kept. */
function refuse(response: HttpResponse, action: PowerAction, name: string, label: string): never {
  const said = saidSuffix(response);
  const details = rawAnswer(response);
  switch (response.status) {
    case 409:
      throw new VantageError(
        'CONFLICT',
        `${name} cannot ${action.verb} in its current state${said}.`,
        details,
      );
    case 403:
      throw new VantageError(
        'PERMISSION_DENIED',
        `This ComodIT account may not ${action.verb} ${name}${said}.`,
        details,
      );
    case 404:
      throw new VantageError('NOT_FOUND', `ComodIT no longer knows ${name} or its instance${said}.`, details);
    default:
      expectOk(response, label, comoditMessage);
      throw new VantageError('UPSTREAM', `${label} answered ${response.status}${said}.`, details);
  }
}

/** `PUT .../instance/_<action>` (202, empty body), then the instance is polled until the action's end. */
export function createComoditPower(
  http: HttpClient,
  label: string,
  timing: PollTiming = DEFAULT_POLLING,
): Pick<Connector, 'perform'> {
  const readInstance = async (ref: HostRef, name: string): Promise<ComoditInstance> => {
    const response = await http.send({ method: 'GET', path: instancePath(ref) });
    if (response.status === 404)
      throw new VantageError(
        'NOT_FOUND',
        `The instance of ${name} disappeared from ComodIT while the action ran${saidSuffix(response)}.`,
        rawAnswer(response),
      );
    return expectOk(response, label, comoditMessage).body as ComoditInstance;
  };

  const follow = async (
    machine: Machine,
    ref: HostRef,
    action: PowerAction,
    progress: (update: ActionProgress) => void,
  ): Promise<ActionOutcome> => {
    const judge = action.judge();
    const timeoutMs = timing.timeoutMs ?? action.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    let shown = '';
    for (let poll = 0; ; poll++) {
      const pause = timing.intervalsMs[Math.min(poll, timing.intervalsMs.length - 1)] ?? 3000;
      await sleep(Math.max(0, Math.min(pause, deadline - Date.now())));
      const instance = await readInstance(ref, machine.name);
      const now = `${instance.state}, agent ${instance.synapseState ?? 'unknown'}`;
      if (now !== shown) progress({ message: `${machine.name} is ${now}.` });
      shown = now;
      const verdict = judge(instance);
      if (verdict === 'done')
        return {
          message: `${machine.name} is ${action.ending}.`,
          power: powerOf(instance.state),
          vendorState: instance.state,
        };
      if (verdict === 'astray')
        throw new VantageError(
          'UPSTREAM',
          `ComodIT accepted the request to ${action.verb} ${machine.name}, but the instance is now ${instance.state}.`,
          { status: 200, body: instance },
        );
      if (Date.now() >= deadline)
        throw new VantageError(
          'TIMEOUT',
          `${machine.name} is still ${now} ${duration(timeoutMs)} after ComodIT accepted the request to ` +
            `${action.verb} it. It may yet finish: check the host in ComodIT.`,
          { status: 200, body: instance },
        );
    }
  };

  return {
    async perform(machine, actionId, _options, progress, signal) {
      const action = powerAction(actionId);
      if (!action)
        throw new VantageError('INVALID_ARGUMENT', `ComodIT instances have no “${actionId}” action.`);
      const ref = hostRefOf(machine);
      // ComodIT cannot cancel an action: once sent, it is followed to its end whatever the signal says.
      if (signal.aborted) throw cancelled(`The ${action.verb} of ${machine.name}`);
      const response = await http.send({ method: 'PUT', path: instanceActionPath(ref, action.path) });
      if (response.status < 200 || response.status > 299) refuse(response, action, machine.name, label);
      progress({ message: `ComodIT accepted the request to ${action.verb} ${machine.name}.` });
      return follow(machine, ref, action, progress);
    },
  };
}
