/** The ComodIT records Vantage reads (four-vendors.md §2.4–2.5, fixtures host_get.json and instance_get.json). */

/** `{count, offset, total, items}`, paged with `_offset` and `_limit`. */
export interface ComoditCollection<T> {
  count: number;
  offset: number;
  total: number;
  items: T[];
}

export interface ComoditOrganization {
  name: string;
}

export interface ComoditHost {
  name: string;
  organization: string;
  environment: string;
  /** The platform the host is provisioned on, e.g. a hypervisor (`Hyp3`). */
  platform?: string;
  /** The OS image, e.g. `co6-Hyp3` or `Rocky Linux 9`. */
  distribution?: string;
  applications?: string[];
  /** DEFINED (no instance), PROVISIONING, READY, UPDATING or ERROR. */
  state?: string;
}

export interface ComoditProperty {
  key: string;
  value: string;
}

export interface ComoditInstance {
  organization?: string;
  environment?: string;
  host?: string;
  /** UNDEFINED, PENDING, RUNNING, PAUSED or STOPPED. */
  state: string;
  properties?: ComoditProperty[];
  /** The agent: `Up` or `Down`. */
  synapseState?: string;
  hostname?: string;
  locked?: boolean;
}
