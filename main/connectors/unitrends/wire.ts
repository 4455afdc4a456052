/* What the appliance's `VirtualClients` handlers answer (four-vendors.md §3.4); every field may be missing. */

/** A Windows Instant Recovery virtual failover client, as `get_wir_clients` lists it. */
export interface WirItem {
  virtual_id?: string;
  id?: number;
  type?: string;
  hypervisor_type?: string;
  vm_name?: string;
  /** The hypervisor (ESX or Hyper-V host) or the appliance that runs the client. */
  server_name?: string;
  last_message?: string;
  /** The core's `current_state`: new, restore, idle, audit, live, halted. */
  mode?: string;
  pending_state?: string;
  valid?: boolean;
  ip_address?: string;
  /** The wiki's spelling of `ip_address`. */
  ip_addr?: string;
  grandclient?: boolean;
  /** For a replicated ("grand") client: the system it was backed up on, not the one listing it. */
  system_id?: number;
  system_name?: string;
}

/** A vm_ir / hv_ir / appliance_ir instant-recovery session. */
export interface IrItem {
  virtual_id?: string;
  id?: number;
  type?: string;
  vm_name?: string;
  server_name?: string;
  status?: string;
  /** `Audit` or `Instant Recovery`. */
  mode?: string;
  created?: string;
  comment?: string;
}

/** A type's key holds an array; older appliances nest it as `{data: [...]}`; an unsupported WIR is `{error, message}`. */
export type TypeList<T> = T[] | { data?: T[] } | { error?: number; message?: string } | undefined;

/** One system's row of `GET /api/virtual_clients`. */
export interface SystemRow {
  system_id?: number;
  system_name?: string;
  wir?: TypeList<WirItem>;
  vm_ir?: TypeList<IrItem>;
  hv_ir?: TypeList<IrItem>;
  appliance_ir?: TypeList<IrItem>;
}

export interface VirtualClientsAnswer {
  data?: SystemRow[];
}

/** `GET /api/virtual_clients/{id}/details?type=wir`. */
export interface WirDetailsAnswer {
  virtual_client?: { processors?: number; memory?: number; ip_address?: string };
}

export const IR_TYPES = ['vm_ir', 'hv_ir', 'appliance_ir'] as const;
export type IrType = (typeof IR_TYPES)[number];
export type VirtualType = 'wir' | IrType;

export function itemsOf<T>(list: TypeList<T>): T[] {
  if (Array.isArray(list)) return list;
  const nested = (list as { data?: unknown } | undefined)?.data;
  return Array.isArray(nested) ? (nested as T[]) : [];
}
