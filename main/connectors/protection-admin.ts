import type {
  ConnectionView,
  ConnectorsListing,
  ConnectorView,
  PolicySettings,
  PolicyView,
  RegistrationToken,
  RegistrationView,
  UpgradeTaskView,
} from '../../common/contract/protection-admin';

/** What a physical source registration needs (`connectionId` is an int64 as decimal digits). */
export interface SourceFields {
  name?: string | undefined;
  endpoint: string;
  hostType: string;
  connectionId: string;
}

/** IBM Cloud Backup and Recovery administration (seed 004): policies, sources, connections, connectors, agents. */
export interface ProtectionAdminOperations {
  policies: {
    list(): Promise<PolicyView[]>;
    get(id: string): Promise<PolicyView>;
    create(settings: PolicySettings): Promise<PolicyView>;
    /**
     * Replaces the edited fields, keeping the rest of the policy; refused as stale when it changed after `seen` (the
     * modification time of the version edited) or, without it, between the read and the write.
     */
    update(id: string, settings: PolicySettings, seen?: number): Promise<PolicyView>;
    /** Refuses (CONFLICT) a policy still used by protection groups, naming them. */
    remove(id: string): Promise<void>;
  };
  sources: {
    list(): Promise<RegistrationView[]>;
    register(fields: SourceFields): Promise<RegistrationView>;
    /** `PUT`: the registration as it is, with these fields changed; its int64 ids go back exactly. */
    update(id: string, fields: SourceFields): Promise<RegistrationView>;
    /** `PATCH`: re-asserts the environment, the only field the service patches. */
    patch(id: string): Promise<RegistrationView>;
    refresh(id: string): Promise<void>;
    unregister(id: string): Promise<void>;
  };
  connections: {
    list(): Promise<ConnectionView[]>;
    create(name: string): Promise<ConnectionView>;
    rename(id: string, name: string): Promise<ConnectionView>;
    remove(id: string): Promise<void>;
    /** A new registration token; the caller hands it to the page and forgets it. */
    token(id: string): Promise<RegistrationToken>;
  };
  connectors: {
    list(): Promise<ConnectorsListing>;
    rename(id: string, name: string): Promise<ConnectorView>;
    remove(id: string): Promise<void>;
  };
  agents: {
    upgradeTasks(): Promise<UpgradeTaskView[]>;
    createUpgradeTask(request: {
      agentIds: string[];
      scheduleAt?: Date;
      name?: string;
    }): Promise<UpgradeTaskView>;
  };
}
