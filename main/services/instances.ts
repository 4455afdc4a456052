import type { CreateInstanceRecord, InstanceView } from '../../common/contract/instances';
import { VantageError } from '../../common/errors';
import type { InstanceOperations } from '../connectors/instances';
import type { Connections } from './connections';
import type { Inventory } from './inventory';
import type { Tasks } from './tasks';

/**
 * ComodIT instance records (seed 001): reads go straight to the connector; creating a record is a mutation, so it is
 * a task (audit entry, read-only refusal) like every other.
 */
export function createInstances(options: { connections: Connections; inventory: Inventory; tasks: Tasks }) {
  const { connections, inventory, tasks } = options;

  const opsOf = <T>(profileId: string, work: (ops: InstanceOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.instances)
        throw new VantageError('UNSUPPORTED', 'This system has no instance records (ComodIT has).');
      return work(connector.instances);
    });

  return {
    read(machineId: string): Promise<InstanceView> {
      const machine = inventory.machine(machineId);
      return opsOf(machine.profileId, (ops) => ops.read(machine));
    },

    async createRecord(request: CreateInstanceRecord): Promise<InstanceView> {
      const { profileId, properties, ...target } = request;
      const path = `${target.organization}/${target.environment}/${target.host}`;
      let created: InstanceView | undefined;
      const task = await tasks.start({
        profileId,
        target: { id: `${profileId}:${path}`, name: target.host },
        actionId: 'instances.createRecord',
        actionLabel: 'Create instance record',
        // The properties are the record itself: the audit log keeps them, as it keeps any action's options.
        options: { host: path, properties },
        cancellable: false,
        work: async () => {
          created = await opsOf(profileId, (ops) => ops.createRecord(target, properties));
          return {
            message: `${target.host} has an instance record (${properties.length} properties), not provisioned.`,
          };
        },
      });
      const ended = await tasks.settled(task.id);
      if (ended.state !== 'succeeded' || !created)
        throw new VantageError(
          ended.error?.code ?? 'UPSTREAM',
          ended.message ?? 'The instance record was not created.',
        );
      return created;
    },
  };
}
