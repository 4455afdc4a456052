/** Static tables the seeded inventory draws from. */

export type GuestFamily = 'LINUX' | 'WINDOWS';

export interface GuestOs {
  /** `VcenterVmGuestOS` enum value. */
  id: string;
  family: GuestFamily;
  /** vim guest id, used in the `vmsg.guestos.<id>.label` message id of the full name. */
  vimId: string;
  fullName: string;
  /** Short tag for template names. */
  short: string;
  weight: number;
}

export const GUEST_OSES: readonly GuestOs[] = [
  {
    id: 'UBUNTU_64',
    family: 'LINUX',
    vimId: 'ubuntu64Guest',
    fullName: 'Ubuntu Linux (64-bit)',
    short: 'ubuntu',
    weight: 24,
  },
  {
    id: 'RHEL_8_64',
    family: 'LINUX',
    vimId: 'rhel8_64Guest',
    fullName: 'Red Hat Enterprise Linux 8 (64-bit)',
    short: 'rhel8',
    weight: 14,
  },
  {
    id: 'RHEL_9_64',
    family: 'LINUX',
    vimId: 'rhel9_64Guest',
    fullName: 'Red Hat Enterprise Linux 9 (64-bit)',
    short: 'rhel9',
    weight: 8,
  },
  {
    id: 'CENTOS_7_64',
    family: 'LINUX',
    vimId: 'centos7_64Guest',
    fullName: 'CentOS 7 (64-bit)',
    short: 'centos7',
    weight: 7,
  },
  {
    id: 'DEBIAN_11_64',
    family: 'LINUX',
    vimId: 'debian11_64Guest',
    fullName: 'Debian GNU/Linux 11 (64-bit)',
    short: 'debian11',
    weight: 8,
  },
  {
    id: 'SLES_15_64',
    family: 'LINUX',
    vimId: 'sles15_64Guest',
    fullName: 'SUSE Linux Enterprise 15 (64-bit)',
    short: 'sles15',
    weight: 4,
  },
  {
    id: 'ORACLE_LINUX_8_64',
    family: 'LINUX',
    vimId: 'oracleLinux8_64Guest',
    fullName: 'Oracle Linux 8 (64-bit)',
    short: 'ol8',
    weight: 3,
  },
  {
    id: 'VMWARE_PHOTON_64',
    family: 'LINUX',
    vimId: 'vmwarePhoton64Guest',
    fullName: 'VMware Photon OS (64-bit)',
    short: 'photon',
    weight: 3,
  },
  {
    id: 'WINDOWS_SERVER_2019',
    family: 'WINDOWS',
    vimId: 'windows2019srv_64Guest',
    fullName: 'Microsoft Windows Server 2019 (64-bit)',
    short: 'w2k19',
    weight: 12,
  },
  {
    id: 'WINDOWS_SERVER_2021',
    family: 'WINDOWS',
    vimId: 'windows2019srvNext_64Guest',
    fullName: 'Microsoft Windows Server 2022 (64-bit)',
    short: 'w2k22',
    weight: 8,
  },
  {
    id: 'WINDOWS_9_SERVER_64',
    family: 'WINDOWS',
    vimId: 'windows9Server64Guest',
    fullName: 'Microsoft Windows Server 2016 or later (64-bit)',
    short: 'w2k16',
    weight: 5,
  },
  {
    id: 'WINDOWS_9_64',
    family: 'WINDOWS',
    vimId: 'windows9_64Guest',
    fullName: 'Microsoft Windows 10 (64-bit)',
    short: 'win10',
    weight: 3,
  },
];

/** Machine roles: the first part of a VM name (`web-prod-012`), and what runs inside. */
export const ROLES: Readonly<Record<GuestFamily, readonly string[]>> = {
  LINUX: ['web', 'app', 'api', 'db', 'cache', 'mq', 'k8s-node', 'ci', 'mon', 'log', 'proxy', 'dns'],
  WINDOWS: ['ad', 'sql', 'iis', 'rds', 'file', 'exch', 'wsus', 'print'],
};

export interface Environment {
  tag: string;
  folder: string;
  weight: number;
}

export const ENVIRONMENTS: readonly Environment[] = [
  { tag: 'prod', folder: 'Production', weight: 40 },
  { tag: 'stg', folder: 'Staging', weight: 18 },
  { tag: 'dev', folder: 'Development', weight: 27 },
  { tag: 'qa', folder: 'QA', weight: 15 },
];

export interface Site {
  name: string;
  short: string;
}

export const SITES: readonly Site[] = [
  { name: 'DC-Amsterdam', short: 'ams' },
  { name: 'DC-Frankfurt', short: 'fra' },
  { name: 'DC-Dallas', short: 'dal' },
  { name: 'DC-Singapore', short: 'sin' },
];

export const CPU_COUNTS: readonly number[] = [1, 2, 2, 2, 4, 4, 4, 8, 8, 16];
export const MEMORY_SIZES_MIB: readonly number[] = [
  1024, 2048, 4096, 4096, 8192, 8192, 8192, 16384, 32768, 65536,
];

/** Weighted choice: `weights` need not sum to anything in particular. */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], roll: number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let left = roll * total;
  for (const item of items) {
    left -= item.weight;
    if (left < 0) return item;
  }
  return items[items.length - 1] as T;
}
