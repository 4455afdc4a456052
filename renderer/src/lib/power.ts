import type { Machine, PowerState } from '../../../common/machines';

/** The words for a machine's state, the same wherever a machine is shown (inventory, console picker, detail). */
export const POWER_LABEL: Readonly<Record<PowerState, string>> = {
  running: 'Running',
  stopped: 'Stopped',
  paused: 'Paused',
  suspended: 'Suspended',
  transitioning: 'Changing…',
  error: 'Error',
  unknown: 'Unknown',
};

export const powerLabel = (machine: Pick<Machine, 'power'>): string => POWER_LABEL[machine.power];
