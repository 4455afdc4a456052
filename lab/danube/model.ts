/**
 * The Danube Cloud objects the simulator keeps, with the codes of erigones/esdc-ce v4.6
 * (`vms/models/vm.py`, `vms/models/node.py`, `vms/models/dc.py`, `vms/models/base.py`).
 */

/** Stored VM status codes (`Vm.STATUS`). `pending` (0) and `unknown` (10) are never stored. */
export const VmStatus = {
  STOPPED: 1,
  RUNNING: 2,
  STOPPING: 3,
  NOTREADY: 7,
  FROZEN: 8,
  NOTCREATED: 9,
  CREATING: 11,
  DEPLOYING_START: 12,
  DEPLOYING_FINISH: 13,
  DEPLOYING_DUMMY: 14,
  NOTREADY_STOPPED: 71,
  NOTREADY_RUNNING: 72,
  NOTREADY_FROZEN: 78,
  NOTREADY_NOTCREATED: 79,
  ERROR: 99,
} as const;
export type VmStatusCode = (typeof VmStatus)[keyof typeof VmStatus];

/** What the REST `status` field shows for each stored code (`DisplayChoiceField`). */
export const STATUS_DISPLAY: Readonly<Record<VmStatusCode, string>> = {
  1: 'stopped',
  2: 'running',
  3: 'stopping',
  7: 'notready',
  8: 'frozen',
  9: 'notcreated',
  11: 'deploying',
  12: 'deploying',
  13: 'deploying',
  14: 'deploying',
  71: 'stopped-',
  72: 'running-',
  78: 'frozen-',
  79: 'notcreated-',
  99: 'error',
};

/** `Vm.STATUS_KNOWN`: a status read from the node replaces these without `force`. */
export const STATUS_KNOWN: ReadonlySet<number> = new Set([
  VmStatus.STOPPED,
  VmStatus.STOPPING,
  VmStatus.RUNNING,
  VmStatus.NOTCREATED,
  VmStatus.ERROR,
]);

/** Node status codes (`Node.STATUS_DB`); only `online` is operational. */
export const NodeStatus = { OFFLINE: 1, ONLINE: 2, UNREACHABLE: 3 } as const;
export type NodeStatusCode = (typeof NodeStatus)[keyof typeof NodeStatus];
export const NODE_STATUS_DISPLAY: Readonly<Record<NodeStatusCode, string>> = {
  1: 'maintenance',
  2: 'online',
  3: 'unreachable',
};

/** Guest OS types (`_OSType`); 1-4 are hardware VMs (KVM), 5-6 zones. */
export const OsType = { LINUX: 1, SUNOS: 2, BSD: 3, WINDOWS: 4, SUNOS_ZONE: 5, LINUX_ZONE: 6 } as const;
export type OsTypeCode = (typeof OsType)[keyof typeof OsType];
export const isHvm = (ostype: number): boolean => ostype <= OsType.WINDOWS;

/** Dc.access */
export const DcAccess = { PUBLIC: 1, PRIVATE: 3 } as const;

/** The state `vmadm list -o state` prints on the compute node; '' means the VM does not exist there. */
export type NodeVmState = 'running' | 'stopped' | 'stopping' | '';

export interface User {
  id: number;
  username: string;
  password: string;
  apiKey: string;
  /** SuperAdmin (`is_staff`): admin in every DC. */
  superAdmin: boolean;
  active: boolean;
  apiAccess: boolean;
  /** The DC last chosen in the GUI: the default DC of every API call. */
  currentDcId: number;
}

export interface Dc {
  id: number;
  name: string;
  alias: string;
  site: string;
  desc: string;
  access: number;
  owner: User;
  created: number;
  /** DC setting VMS_NO_SHUTDOWN: UUIDs of VMs that must not be stopped (the admin DC's management VMs). */
  noShutdown: ReadonlySet<string>;
  /** DC setting VMS_ISO_RESCUECD: the one ISO a plain user may boot on an installed VM. */
  rescueCd: string;
  stopTimeoutDefault: number;
  stopTimeoutWindows: number;
}

export interface ComputeNode {
  hostname: string;
  uuid: string;
  address: string;
  status: NodeStatusCode;
  /** What non-admins see instead of the node name (`Node.color`: '#' + uuid[30:]). */
  color: string;
}

export interface Iso {
  name: string;
  ostypes: readonly number[];
  /** False: defined in the DB but missing on the compute nodes, so booting it fails on the node (exit 9). */
  onNodes: boolean;
}

/** A definition change not yet applied on the node (`vm.json_changed()`); `disk` needs a zfs command first. */
export interface PendingUpdate {
  vcpus?: number;
  ram?: number;
  disk?: number;
}

/** The `apiview` dict a pending task is listed with (`vm.tasks`, `GET /task/<id>/`). */
export type ApiView = Record<string, string | boolean | number>;

export interface Vm {
  uuid: string;
  hostname: string;
  alias: string;
  dc: Dc;
  node: ComputeNode;
  owner: User;
  ostype: OsTypeCode;
  vcpus: number;
  ram: number;
  disk: number;
  ips: string[];
  tags: string[];
  locked: boolean;
  installed: boolean;
  snapshots: number;
  backups: number;
  created: number;
  status: VmStatusCode;
  statusChange: number;
  /** Accumulated running seconds, plus the time since `runningSince` while running (`uptime_actual`). */
  uptime: number;
  runningSince: number;
  /** What the node would answer now; differs from `status` for crashed or stuck VMs. */
  actual: NodeVmState;
  pendingUpdate: PendingUpdate | undefined;
  /** The guest ignores ACPI shutdown, so a graceful stop waits for the whole `timeout`. */
  slowShutdown: boolean;
  lastCdimage: string | null;
  /** Pending tasks on this VM: task id -> apiview (`vm.tasks`). Created on first use. */
  tasks: Map<string, ApiView> | undefined;
}
