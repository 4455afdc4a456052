import type { ActionSpec, Machine } from '../../../common/machines';
import type { ComoditInstance } from './records';

/** Where an instance is while an action runs: done, still on its way, or somewhere it should not be. */
export type Verdict = 'done' | 'waiting' | 'astray';

export interface PowerAction {
  spec: ActionSpec;
  /** `PUT .../instance/<path>`, answered 202 (four-vendors.md §2.5). */
  path: string;
  /** Instance states the action makes sense in. */
  from: readonly string[];
  /** "start", "shut down": for sentences. */
  verb: string;
  /** "running": how the machine ends, for the outcome sentence. */
  ending: string;
  /** Gives up after this long (before the time scale of a lab, real durations). */
  timeoutMs: number;
  /** A fresh judge per run: some actions need to remember what they saw (a reboot's agent going down). */
  judge(): (instance: ComoditInstance) => Verdict;
}

const MINUTE = 60_000;

/** Done at `target`; `passing` are the states shown while the action runs (lab README, state machine). */
const reaches = (target: string, passing: readonly string[]) => () => (instance: ComoditInstance) =>
  instance.state === target ? 'done' : passing.includes(instance.state) ? 'waiting' : 'astray';

/**
 * A reboot keeps the instance RUNNING; what shows it is the agent (`synapseState`) going Down and coming back Up.
 * Waiting for the Down first keeps a poll made before the agent noticed from passing for the end.
 */
const rebootJudge = () => {
  let wentDown = false;
  return (instance: ComoditInstance): Verdict => {
    if (instance.state !== 'RUNNING' && instance.state !== 'PENDING') return 'astray';
    if (instance.state !== 'RUNNING' || instance.synapseState !== 'Up') wentDown = true;
    else if (wentDown) return 'done';
    return 'waiting';
  };
};

const spec = (id: string, label: string, disruptive: boolean, description: string): ActionSpec => ({
  id,
  label,
  disruptive,
  options: [],
  description,
});

/**
 * The instance actions. `_stop` is what comodit-client sends for a graceful shutdown and the docs call `_shutdown`:
 * the contract does not tell them apart, so one action sends `_stop`, the call the official client proves.
 */
export const POWER_ACTIONS: readonly PowerAction[] = [
  {
    spec: spec('start', 'Start', false, 'Boots the instance.'),
    path: '_start',
    from: ['STOPPED'],
    verb: 'start',
    ending: 'running',
    timeoutMs: 10 * MINUTE,
    judge: reaches('RUNNING', ['STOPPED', 'PENDING']),
  },
  {
    spec: spec('pause', 'Pause', false, 'Freezes the instance in memory; resume continues where it was.'),
    path: '_pause',
    from: ['RUNNING'],
    verb: 'pause',
    ending: 'paused',
    timeoutMs: 2 * MINUTE,
    judge: reaches('PAUSED', ['RUNNING']),
  },
  {
    spec: spec('resume', 'Resume', false, 'Continues a paused instance.'),
    path: '_resume',
    from: ['PAUSED'],
    verb: 'resume',
    ending: 'running',
    timeoutMs: 2 * MINUTE,
    judge: reaches('RUNNING', ['PAUSED']),
  },
  {
    spec: spec('shutdown', 'Shut down', true, 'Graceful shutdown: the guest is asked to stop.'),
    path: '_stop',
    from: ['RUNNING'],
    verb: 'shut down',
    ending: 'stopped',
    timeoutMs: 10 * MINUTE,
    judge: reaches('STOPPED', ['RUNNING']),
  },
  {
    spec: spec('reboot', 'Reboot', true, 'Restarts the guest; the instance stays up.'),
    path: '_reboot',
    from: ['RUNNING'],
    verb: 'reboot',
    ending: 'running again, its agent back up',
    timeoutMs: 10 * MINUTE,
    judge: rebootJudge,
  },
  {
    spec: spec('off', 'Power off', true, 'Hard power off, like pulling the plug.'),
    path: '_off',
    from: ['RUNNING', 'PAUSED'],
    verb: 'power off',
    ending: 'stopped',
    timeoutMs: 2 * MINUTE,
    judge: reaches('STOPPED', ['RUNNING', 'PAUSED']),
  },
];

export const powerAction = (id: string): PowerAction | undefined =>
  POWER_ACTIONS.find((a) => a.spec.id === id);

/** What the machine's instance state allows (PENDING and UNDEFINED instances refuse every action). */
export function actionsFor(machine: Machine): ActionSpec[] {
  const specs: ActionSpec[] = [];
  for (const action of POWER_ACTIONS) if (action.from.includes(machine.vendorState)) specs.push(action.spec);
  return specs;
}
