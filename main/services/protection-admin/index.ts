import { VantageError } from '../../../common/errors';
import type { ProtectionAdminOperations } from '../../connectors/protection-admin';
import type { Connections } from '../connections';
import type { Tasks } from '../tasks';

/** One mutation: what the task and its audit entry say, and the call. */
interface Mutation<T> {
  profileId: string;
  target: { id: string; name: string };
  actionId: string;
  actionLabel: string;
  /** Recorded in the audit log as they are: never a secret. */
  options: Record<string, unknown>;
  work: (ops: ProtectionAdminOperations) => Promise<T>;
  /** The task's closing sentence. */
  done: (result: T) => string;
}

/**
 * IBM Backup and Recovery administration (issue 15 part B). Reads go straight to the connector; every mutation is a
 * task with an audit entry, refused for read-only profiles by the tasks service. The registration token is the one
 * result that must not be recorded: it leaves through the return value only, never through the task or the audit.
 */
export function createProtectionAdmin(options: { connections: Connections; tasks: Tasks }) {
  const { connections, tasks } = options;

  const opsOf = <T>(profileId: string, work: (ops: ProtectionAdminOperations) => Promise<T>): Promise<T> =>
    connections.withConnector(profileId, (connector) => {
      if (!connector.protectionAdmin)
        throw new VantageError(
          'UNSUPPORTED',
          'Policies, sources and agents are administered on IBM Cloud Backup and Recovery profiles only.',
        );
      return work(connector.protectionAdmin);
    });

  async function mutate<T>(mutation: Mutation<T>): Promise<T> {
    let result: { value: T } | undefined;
    const task = await tasks.start({
      profileId: mutation.profileId,
      target: mutation.target,
      actionId: mutation.actionId,
      actionLabel: mutation.actionLabel,
      options: mutation.options,
      cancellable: false,
      work: async () => {
        const value = await opsOf(mutation.profileId, mutation.work);
        result = { value };
        return { message: mutation.done(value) };
      },
    });
    const ended = await tasks.settled(task.id);
    if (ended.state !== 'succeeded' || !result)
      throw new VantageError(
        ended.error?.code ?? 'UPSTREAM',
        ended.message ?? `${mutation.actionLabel} did not complete.`,
        ended.error?.details,
      );
    return result.value;
  }

  const on = (profileId: string, kind: string, id: string, name = id) => ({
    profileId,
    target: { id: `${profileId}:${kind}:${id}`, name },
  });

  return {
    listPolicies: (profileId: string) => opsOf(profileId, (ops) => ops.policies.list()),
    getPolicy: (profileId: string, id: string) => opsOf(profileId, (ops) => ops.policies.get(id)),
    createPolicy: (
      profileId: string,
      settings: Parameters<ProtectionAdminOperations['policies']['create']>[0],
    ) =>
      mutate({
        ...on(profileId, 'policy', settings.name),
        actionId: 'protection.policy.create',
        actionLabel: 'Create policy',
        options: { settings },
        work: (ops) => ops.policies.create(settings),
        done: (policy) => `Policy “${policy.settings.name}” created.`,
      }),
    updatePolicy: (
      profileId: string,
      id: string,
      settings: Parameters<ProtectionAdminOperations['policies']['update']>[1],
      seen?: number,
    ) =>
      mutate({
        ...on(profileId, 'policy', id, settings.name),
        actionId: 'protection.policy.update',
        actionLabel: 'Edit policy',
        options: { id, settings },
        work: (ops) => ops.policies.update(id, settings, seen),
        done: (policy) => `Policy “${policy.settings.name}” saved.`,
      }),
    deletePolicy: (profileId: string, id: string, name?: string) =>
      mutate({
        ...on(profileId, 'policy', id, name),
        actionId: 'protection.policy.delete',
        actionLabel: 'Delete policy',
        options: { id },
        work: (ops) => ops.policies.remove(id),
        done: () => 'Policy deleted.',
      }).then(() => null),

    listRegistrations: (profileId: string) => opsOf(profileId, (ops) => ops.sources.list()),
    registerSource: (
      profileId: string,
      fields: Parameters<ProtectionAdminOperations['sources']['register']>[0],
    ) =>
      mutate({
        ...on(profileId, 'source', fields.endpoint, fields.name ?? fields.endpoint),
        actionId: 'protection.source.register',
        actionLabel: 'Register source',
        options: { ...fields },
        work: (ops) => ops.sources.register(fields),
        done: (registration) => `${registration.name} registered (${registration.status}).`,
      }),
    updateRegistration: (
      profileId: string,
      id: string,
      fields: Parameters<ProtectionAdminOperations['sources']['update']>[1],
    ) =>
      mutate({
        ...on(profileId, 'source', id, fields.name ?? fields.endpoint),
        actionId: 'protection.source.update',
        actionLabel: 'Edit registration',
        options: { id, ...fields },
        work: (ops) => ops.sources.update(id, fields),
        done: (registration) => `${registration.name} saved.`,
      }),
    patchRegistration: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'source', id),
        actionId: 'protection.source.patch',
        actionLabel: 'Patch registration',
        options: { id },
        work: (ops) => ops.sources.patch(id),
        done: (registration) => `${registration.name} patched (${registration.environment}).`,
      }),
    refreshSource: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'source', id),
        actionId: 'protection.source.refresh',
        actionLabel: 'Refresh source',
        options: { id },
        work: (ops) => ops.sources.refresh(id),
        done: () => 'Refresh started.',
      }).then(() => null),
    unregisterSource: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'source', id),
        actionId: 'protection.source.unregister',
        actionLabel: 'Unregister source',
        options: { id },
        work: (ops) => ops.sources.unregister(id),
        done: () => 'Source unregistered.',
      }).then(() => null),

    listConnections: (profileId: string) => opsOf(profileId, (ops) => ops.connections.list()),
    createConnection: (profileId: string, name: string) =>
      mutate({
        ...on(profileId, 'connection', name),
        actionId: 'protection.connection.create',
        actionLabel: 'Create data-source connection',
        options: { name },
        work: (ops) => ops.connections.create(name),
        done: (connection) => `Connection “${connection.name}” created.`,
      }),
    renameConnection: (profileId: string, id: string, name: string) =>
      mutate({
        ...on(profileId, 'connection', id, name),
        actionId: 'protection.connection.rename',
        actionLabel: 'Rename data-source connection',
        options: { id, name },
        work: (ops) => ops.connections.rename(id, name),
        done: (connection) => `Connection renamed to “${connection.name}”.`,
      }),
    deleteConnection: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'connection', id),
        actionId: 'protection.connection.delete',
        actionLabel: 'Delete data-source connection',
        options: { id },
        work: (ops) => ops.connections.remove(id),
        done: () => 'Connection deleted.',
      }).then(() => null),
    registrationToken: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'connection', id),
        actionId: 'protection.connection.token',
        actionLabel: 'Generate registration token',
        options: { id },
        work: (ops) => ops.connections.token(id),
        // The token itself goes to the page only, through the return value.
        done: () => 'Token generated.',
      }),

    listConnectors: (profileId: string) => opsOf(profileId, (ops) => ops.connectors.list()),
    renameConnector: (profileId: string, id: string, name: string) =>
      mutate({
        ...on(profileId, 'connector', id, name),
        actionId: 'protection.connector.rename',
        actionLabel: 'Rename connector',
        options: { id, name },
        work: (ops) => ops.connectors.rename(id, name),
        done: (connector) => `Connector renamed to “${connector.name}”.`,
      }),
    deleteConnector: (profileId: string, id: string) =>
      mutate({
        ...on(profileId, 'connector', id),
        actionId: 'protection.connector.delete',
        actionLabel: 'Delete connector',
        options: { id },
        work: (ops) => ops.connectors.remove(id),
        done: () => 'Connector deleted.',
      }).then(() => null),

    listUpgradeTasks: (profileId: string) => opsOf(profileId, (ops) => ops.agents.upgradeTasks()),
    createUpgradeTask: (
      profileId: string,
      request: { agentIds: string[]; scheduleAt?: string; name?: string },
    ) =>
      mutate({
        ...on(profileId, 'agents', request.agentIds.join(','), request.name ?? 'Agent upgrade'),
        actionId: 'protection.agents.upgrade',
        actionLabel: 'Upgrade agents',
        options: { ...request },
        work: (ops) =>
          ops.agents.createUpgradeTask({
            agentIds: request.agentIds,
            ...(request.scheduleAt ? { scheduleAt: new Date(request.scheduleAt) } : {}),
            ...(request.name ? { name: request.name } : {}),
          }),
        done: (task) => `Upgrade task “${task.name}” created (${task.status}).`,
      }),
  };
}

export type ProtectionAdmin = ReturnType<typeof createProtectionAdmin>;
