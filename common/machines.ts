import type { VendorId } from './vendors';

/** One vocabulary for power across vendors; the vendor's own word is kept next to it. */
export const POWER_STATES = [
  'running',
  'stopped',
  'paused',
  'suspended',
  'transitioning',
  'error',
  'unknown',
] as const;
export type PowerState = (typeof POWER_STATES)[number];

export type MachineKind = 'vm' | 'instance' | 'virtual-client' | 'ir-session' | 'protected-object';

/** What each level of a machine's `scope` is called, per vendor. */
export const SCOPE_LEVELS: Readonly<Record<VendorId, readonly string[]>> = {
  comodit: ['Organisation', 'Environment'],
  vcenter: ['Datacenter', 'Folder'],
  danube: ['Virtual datacenter'],
  unitrends: ['Appliance', 'System'],
  'ibm-br': ['Region', 'Tenant'],
};

/** A row of the unified inventory. Compact on purpose: 100 000 of them cross to the renderer. */
export interface Machine {
  /** Stable across refreshes: `${profileId}/${vendorId}`. */
  id: string;
  profileId: string;
  vendor: VendorId;
  /** The vendor's own id: `vm-1001`, a Danube hostname, `12.vm_ir`, an IBM object id (int64 kept as text). */
  vendorId: string;
  kind: MachineKind;
  /** Shown next to the name when the machine is not a plain VM, e.g. "Instant recovery (vm_ir)". */
  kindLabel?: string;
  name: string;
  power: PowerState;
  /** The vendor's own state string, e.g. `POWERED_ON`, `running`, `STOPPED`. */
  vendorState: string;
  host?: string;
  addresses: string[];
  cpu?: number;
  memoryMiB?: number;
  os?: string;
  tags: string[];
  /**
   * Where the vendor groups the machine, outermost first, named by `SCOPE_LEVELS[vendor]`: ComodIT organisation and
   * environment, vCenter datacenter, Danube virtual datacenter, Unitrends appliance and system, IBM region and tenant.
   */
  scope?: string[];
  /** ISO time this row was read from the vendor. */
  updatedAt: string;
}

/** Every vendor field of one machine, for the detail pane (fetched on demand, never for the whole list). */
export interface MachineDetails {
  machine: Machine;
  /** The vendor's records as they came, keyed by where they came from (e.g. `vm`, `status`, `guest.identity`). */
  raw: Record<string, unknown>;
}

/** An option of a power action, described as data so the UI can render and main can validate it. */
export interface ActionOption {
  id: string;
  label: string;
  type: 'boolean' | 'number' | 'text' | 'choice';
  choices?: string[];
  min?: number;
  max?: number;
  help?: string;
  /** Only an administrator may set it (the vendor refuses otherwise). */
  adminOnly?: boolean;
  /** Options that make this one meaningless when set (the timeout with force): the window then does not send it. */
  ignoredWith?: string[];
}

/** What can be done to a machine in its current state: capabilities are data, per vendor and per state. */
export interface ActionSpec {
  id: string;
  label: string;
  /** Interrupts the workload (stop, reset, power off): asks for confirmation; bulk ones ask to type the count. */
  disruptive: boolean;
  options: ActionOption[];
  /** One line on what it does, e.g. "Hard power-off, like pulling the plug". */
  description?: string;
  /** A read that changes nothing the workload sees (Danube's status refresh): runs without asking first. */
  harmless?: boolean;
}

export interface ActionOutcome {
  /** A sentence for the task list, e.g. "web-prod-012 is stopped". */
  message: string;
  power?: PowerState;
  vendorState?: string;
}

export interface ActionProgress {
  message: string;
  /** 0..100 when the vendor tells. */
  percent?: number;
  /** The vendor's task id, when there is one (Danube). */
  vendorTaskId?: string;
}

/**
 * A refusal that the same action in another form gets past (Danube's 428 “Force parameter must be used”): kept in
 * the error's details so that the window reopens that action with these options set.
 */
export interface RetryForm {
  actionId: string;
  options: Record<string, unknown>;
}

export function retryFormOf(details: unknown): RetryForm | undefined {
  const form = (details as { retryForm?: Partial<RetryForm> } | null | undefined)?.retryForm;
  return typeof form?.actionId === 'string' && typeof form.options === 'object' && form.options !== null
    ? { actionId: form.actionId, options: form.options }
    : undefined;
}
