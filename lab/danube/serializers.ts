import {
  isHvm,
  NODE_STATUS_DISPLAY,
  STATUS_DISPLAY,
  VmStatus,
  type Dc,
  type User,
  type Vm,
  type VmStatusCode,
} from './model';
import { drfDateTime } from './time';

/** `uptime_actual`: the stored uptime plus the time since the VM last started, while it runs. */
export function uptimeOf(vm: Vm, now: number): number {
  const running = vm.status === VmStatus.RUNNING && vm.runningSince > 0;
  return vm.uptime + (running ? Math.floor((now - vm.runningSince) / 1000) : 0);
}

/** Saves a new status (`vm.save_status`), keeping uptime as `update_uptime` does; returns its display string. */
export function changeStatus(vm: Vm, status: VmStatusCode, at: number): string {
  if (vm.status === VmStatus.RUNNING && vm.runningSince > 0 && status !== VmStatus.RUNNING) {
    vm.uptime = uptimeOf(vm, at);
    vm.runningSince = 0;
  }
  if (status === VmStatus.RUNNING && vm.status !== VmStatus.RUNNING) vm.runningSince = at;
  vm.status = status;
  vm.statusChange = at;
  return STATUS_DISPLAY[status];
}

/** Values in the DB definition: the node's (active) ones with the pending update applied. */
function defined(vm: Vm, active: boolean): { vcpus: number; ram: number; disk: number } {
  const current = { vcpus: vm.vcpus, ram: vm.ram, disk: vm.disk };
  return active ? current : { ...current, ...vm.pendingUpdate };
}

/** What non-admins see instead of the node's name (`VmBaseSerializer`: the node's colour). */
const nodeLabel = (vm: Vm, isAdmin: boolean): string => (isAdmin ? vm.node.hostname : vm.node.color);

export interface VmView {
  isAdmin: boolean;
  now: number;
  extended: boolean;
  /** `active=true`: the values running on the node rather than the (possibly changed) definition. */
  active: boolean;
}

/** `VmSerializer` (+ `ExtendedVmSerializer`), then `changed` as `VmBaseSerializer.data` appends it. */
export function vmObject(vm: Vm, view: VmView): Record<string, unknown> {
  const sizes = defined(vm, view.active);
  const base: Record<string, unknown> = {
    hostname: vm.hostname,
    uuid: vm.uuid,
    alias: vm.alias,
    node: nodeLabel(vm, view.isAdmin),
    owner: vm.owner.username,
    status: STATUS_DISPLAY[vm.status],
    node_status: NODE_STATUS_DISPLAY[vm.node.status],
    vcpus: sizes.vcpus,
    ram: sizes.ram,
    disk: sizes.disk,
    ips: vm.ips,
    uptime: uptimeOf(vm, view.now),
    locked: vm.locked,
  };
  if (view.extended) {
    Object.assign(base, {
      tags: vm.tags,
      snapshot_define_inactive: 0,
      snapshot_define_active: vm.snapshots > 0 ? 1 : 0,
      snapshots: vm.snapshots,
      backup_define_inactive: 0,
      backup_define_active: vm.backups > 0 ? 1 : 0,
      backups: vm.backups,
      slaves: 0,
      size_snapshots: vm.snapshots * 1024,
      size_backups: vm.backups * Math.round(sizes.disk / 4),
    });
  }
  base.changed = vm.pendingUpdate !== undefined;
  return base;
}

/** `VmStatusSerializer`; `tasks` maps each pending task id to its apiview. */
export function statusItem(vm: Vm, now: number): Record<string, unknown> {
  return {
    hostname: vm.hostname,
    uuid: vm.uuid,
    alias: vm.alias,
    status: STATUS_DISPLAY[vm.status],
    status_change: drfDateTime(vm.statusChange),
    node_status: NODE_STATUS_DISPLAY[vm.node.status],
    tasks: Object.fromEntries(vm.tasks ?? []),
    uptime: uptimeOf(vm, now),
  };
}

/** The main fields of `VmDefineSerializer` (the definition stored in the DB). */
export function defineObject(vm: Vm, isAdmin: boolean): Record<string, unknown> {
  const hvm = isHvm(vm.ostype);
  const sizes = defined(vm, false);
  return {
    uuid: vm.uuid,
    hostname: vm.hostname,
    alias: vm.alias,
    ostype: vm.ostype,
    hvm_type: hvm ? 1 : 3,
    cpu_type: hvm ? 'qemu64' : 'host',
    vcpus: sizes.vcpus,
    ram: sizes.ram,
    note: '',
    owner: vm.owner.username,
    node: nodeLabel(vm, isAdmin),
    template: null,
    tags: vm.tags,
    monitored: true,
    installed: vm.installed,
    cpu_shares: 100,
    zfs_io_priority: 100,
    zpool: 'zones',
    resolvers: ['8.8.8.8', '8.8.4.4'],
    dns_domain: vm.hostname.split('.').slice(1).join('.'),
    routes: {},
    vga: hvm ? 'std' : null,
    bootrom: null,
    mdata: {},
    locked: vm.locked,
    created: drfDateTime(vm.created),
  };
}

/** `DcSerializer`. */
export function dcObject(dc: Dc): Record<string, unknown> {
  return {
    name: dc.name,
    alias: dc.alias,
    site: dc.site,
    owner: dc.owner.username,
    access: dc.access,
    desc: dc.desc,
    created: drfDateTime(dc.created),
  };
}

export const visibleTo = (vm: Vm, user: User, isAdmin: boolean): boolean => isAdmin || vm.owner === user;
