import type { StatusSides } from '../../common/contract/status-sides';
import { VantageError } from '../../common/errors';
import type { Connections } from './connections';
import type { Inventory } from './inventory';

/** A machine's recorded status next to the one its node reports (Danube); a read, so no task. */
export function createStatusSides(options: { connections: Connections; inventory: Inventory }) {
  return (machineId: string): Promise<StatusSides> => {
    const machine = options.inventory.machine(machineId);
    return options.connections.withConnector(machine.profileId, (connector) => {
      if (!connector.statusSides)
        throw new VantageError(
          'UNSUPPORTED',
          `${machine.name}'s system keeps no status apart from its node's.`,
        );
      return connector.statusSides(machine);
    });
  };
}
