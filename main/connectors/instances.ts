import type { InstanceProperty, InstanceView } from '../../common/contract/instances';
import type { Machine } from '../../common/machines';

/** Where a host is, by name (ComodIT entities have no ids). */
export interface HostName {
  organization: string;
  environment: string;
  host: string;
}

/** A host's instance record (ComodIT, seed 001): read it, or create one from properties without provisioning. */
export interface InstanceOperations {
  read(machine: Machine): Promise<InstanceView>;
  /** `POST .../instance/properties`: the host must have no instance yet. */
  createRecord(target: HostName, properties: InstanceProperty[]): Promise<InstanceView>;
}
