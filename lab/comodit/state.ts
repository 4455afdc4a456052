import type { LabClock } from '../core/clock';
import type { Host, HostState, Instance, InstanceState, Property } from './data';

/** Real-world durations (ms), shortened by the lab's time scale. */
export const DURATIONS = {
  provision: 60_000,
  start: 20_000,
  stop: 15_000,
  off: 2_000,
  pause: 2_000,
  resume: 2_000,
  reboot: 20_000,
} as const;

interface ActionRule {
  /** States the action makes sense in; anything else is refused with 409. */
  from: readonly InstanceState[];
  target: InstanceState;
  /** What GET .../instance shows while the action runs. */
  shown: 'source' | InstanceState;
  duration: keyof typeof DURATIONS;
  agentDown: boolean;
}

/**
 * PUT .../instance/_<action>. `_stop` is what comodit-client sends for a graceful shutdown; the docs name it
 * `_shutdown`: both are accepted.
 */
export const ACTIONS: Readonly<Record<string, ActionRule>> = {
  _start: { from: ['STOPPED'], target: 'RUNNING', shown: 'PENDING', duration: 'start', agentDown: true },
  _pause: { from: ['RUNNING'], target: 'PAUSED', shown: 'source', duration: 'pause', agentDown: false },
  _resume: { from: ['PAUSED'], target: 'RUNNING', shown: 'source', duration: 'resume', agentDown: false },
  _stop: { from: ['RUNNING'], target: 'STOPPED', shown: 'source', duration: 'stop', agentDown: true },
  _shutdown: { from: ['RUNNING'], target: 'STOPPED', shown: 'source', duration: 'stop', agentDown: true },
  _off: { from: ['RUNNING', 'PAUSED'], target: 'STOPPED', shown: 'source', duration: 'off', agentDown: true },
  _reboot: { from: ['RUNNING'], target: 'RUNNING', shown: 'source', duration: 'reboot', agentDown: true },
};

/** Applies a finished transition. Called whenever an instance is read, so no timer ever runs. */
export function settle(host: Host, now: number): Instance | undefined {
  const instance = host.instance;
  const transition = instance?.transition;
  if (!instance || !transition || now < transition.endsAt) return instance;
  instance.state = transition.target;
  instance.agentUp = transition.target === 'RUNNING';
  delete instance.transition;
  if (transition.action === 'provision') host.state = 'READY';
  return instance;
}

export function shownState(instance: Instance): InstanceState {
  return instance.transition?.shown ?? instance.state;
}

export function hostState(host: Host, now: number): HostState {
  const instance = settle(host, now);
  return instance?.transition?.action === 'provision' ? 'PROVISIONING' : host.state;
}

/** Why an action cannot run now, or undefined when it can. */
export function refuseAction(instance: Instance, action: string): string | undefined {
  const rule = ACTIONS[action];
  if (!rule) return `Unknown action ${action}`;
  if (instance.transition) return `Instance is busy: ${instance.transition.action} is in progress`;
  if (!rule.from.includes(instance.state))
    return `Cannot ${action.slice(1)} an instance in state ${instance.state} (expected ${rule.from.join(' or ')})`;
  return undefined;
}

export function beginAction(instance: Instance, action: string, clock: LabClock): void {
  const rule = ACTIONS[action];
  if (!rule) throw new Error(`unknown action ${action}`);
  instance.transition = {
    action,
    shown: rule.shown === 'source' ? instance.state : rule.shown,
    target: rule.target,
    endsAt: clock.now() + clock.scaled(DURATIONS[rule.duration]),
  };
  if (rule.agentDown) instance.agentUp = false;
}

/** POST .../instance: the VM is created and boots; the host is PROVISIONING meanwhile. */
export function provision(host: Host, clock: LabClock): Instance {
  const instance: Instance = {
    state: 'PENDING',
    agentUp: false,
    locked: false,
    transition: {
      action: 'provision',
      shown: 'PENDING',
      target: 'RUNNING',
      endsAt: clock.now() + clock.scaled(DURATIONS.provision),
    },
  };
  host.instance = instance;
  return instance;
}

/** POST .../instance/properties ("fake provisioning"): an instance record for a machine made elsewhere. */
export function adopt(host: Host, properties: Property[]): Instance {
  const instance: Instance = { state: 'UNDEFINED', agentUp: false, properties, locked: false };
  host.instance = instance;
  host.state = 'READY';
  return instance;
}

/** DELETE .../instance and PUT .../instance/_forget. */
export function dropInstance(host: Host): void {
  delete host.instance;
  host.state = 'DEFINED';
}
