import { VantageError } from '../../../common/errors';
import type { Machine, PowerState } from '../../../common/machines';
import type { IrItem, VirtualType, WirItem } from './wire';

/**
 * Power of a virtual failover client from its `current_state`: audit and live boot the VM; idle, new and restore
 * keep it off (restore writes backups into the powered-off VM); halted is a failed restore.
 */
const WIR_POWER = new Map<string, PowerState>([
  ['audit', 'running'],
  ['live', 'running'],
  ['idle', 'stopped'],
  ['new', 'stopped'],
  ['restore', 'stopped'],
  ['halted', 'error'],
]);

/**
 * Power of an instant-recovery session from its `status`. The API does not report the recovered VM's own power:
 * `available` means the VM was brought up from the backup and serves (sessions start powered on), `migrating` is a
 * Storage vMotion to production storage that keeps it running; `creating` and `tearing down` are under way.
 */
const IR_POWER = new Map<string, PowerState>([
  ['available', 'running'],
  ['migrating', 'running'],
  ['creating', 'transitioning'],
  ['tearing down', 'transitioning'],
  ['error', 'error'],
]);

export function wirPower(mode: string, pending: string | undefined): PowerState {
  const now = WIR_POWER.get(mode.toLowerCase()) ?? 'unknown';
  const next = pending ? WIR_POWER.get(pending.toLowerCase()) : undefined;
  // Only a change of power counts as transitioning: new -> idle (first restore) leaves the VM off.
  return next !== undefined && next !== now ? 'transitioning' : now;
}

export function irPower(status: string): PowerState {
  return IR_POWER.get(status.toLowerCase()) ?? 'unknown';
}

/** Where the listed items live, and whether their ids need the system id to be unique (several systems listed). */
export interface SystemScope {
  profileId: string;
  systemId: number;
  systemName: string;
  /** The appliance's address (the profile's), the outer level of the rows' scope. */
  appliance: string;
  qualified: boolean;
}

/** What a machine's vendorId points at: `12.vm_ir`, or `12.vm_ir@2` when the profile lists every system. */
export interface VirtualRef {
  id: number;
  type: VirtualType;
  sid?: number;
}

const VENDOR_ID = /^(\d+)\.(wir|vm_ir|hv_ir|appliance_ir)(?:@(\d+))?$/;

export function parseVendorId(vendorId: string): VirtualRef {
  const match = VENDOR_ID.exec(vendorId);
  if (!match)
    throw new VantageError('INVALID_ARGUMENT', `“${vendorId}” is not a Unitrends virtual client id.`);
  const ref: VirtualRef = { id: Number(match[1]), type: match[2] as VirtualType };
  if (match[3] !== undefined) ref.sid = Number(match[3]);
  return ref;
}

function vendorIdOf(item: { virtual_id?: string; id?: number }, type: string, scope: SystemScope): string {
  // Ids are per system (the wiki shows 34.vm_ir and 34.wir side by side): qualify them when several are listed.
  const own = item.virtual_id ?? `${item.id ?? ''}.${type}`;
  return scope.qualified ? `${own}@${scope.systemId}` : own;
}

function machine(
  scope: SystemScope,
  vendorId: string,
  kind: Machine['kind'],
  kindLabel: string,
  name: string | undefined,
  power: PowerState,
  vendorState: string,
  updatedAt: string,
): Machine {
  return {
    id: `${scope.profileId}/${vendorId}`,
    profileId: scope.profileId,
    vendor: 'unitrends',
    vendorId,
    kind,
    kindLabel,
    name: name || vendorId,
    power,
    vendorState,
    addresses: [],
    tags: [],
    scope: [scope.appliance, scope.systemName],
    updatedAt,
  };
}

/** Sizing read from the client's details (the listing does not carry it). */
export interface WirSizing {
  processors?: number;
  memory?: number;
}

export function mapWirClient(
  item: WirItem,
  scope: SystemScope,
  updatedAt: string,
  sizing: WirSizing | undefined,
): Machine {
  const mode = item.mode ?? '';
  const m = machine(
    scope,
    vendorIdOf(item, 'wir', scope),
    'virtual-client',
    'Virtual failover client (wir)',
    item.vm_name,
    wirPower(mode, item.pending_state),
    mode,
    updatedAt,
  );
  if (item.server_name) m.host = item.server_name;
  const address = item.ip_address ?? item.ip_addr;
  if (address) m.addresses.push(address);
  if (sizing?.processors) m.cpu = sizing.processors;
  if (sizing?.memory) m.memoryMiB = sizing.memory;
  // Windows Instant Recovery virtualises Windows clients only; the appliance refuses any other.
  m.os = 'Windows';
  if (mode === 'audit' || mode === 'live') m.tags.push(`mode:${mode}`);
  m.tags.push(`system:${scope.systemName}`);
  return m;
}

export function mapIrSession(item: IrItem, type: string, scope: SystemScope, updatedAt: string): Machine {
  const status = item.status ?? '';
  const m = machine(
    scope,
    vendorIdOf(item, type, scope),
    'ir-session',
    `Instant recovery (${type})`,
    item.vm_name,
    irPower(status),
    status,
    updatedAt,
  );
  if (item.server_name) m.host = item.server_name;
  // `Instant Recovery` is the live mode of a session (audit = isolated, for testing the backup).
  if (item.mode) m.tags.push(item.mode === 'Audit' ? 'mode:audit' : 'mode:live');
  m.tags.push(`system:${scope.systemName}`);
  return m;
}
