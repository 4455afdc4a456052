import { createRng, type Rng } from '../core/rng';
import { weighted } from './weighted';

/** Instance states (instance.html; comodit-client `Instance.state`). */
export type InstanceState = 'UNDEFINED' | 'PENDING' | 'RUNNING' | 'PAUSED' | 'STOPPED';
/** Host states (comodit-client `Host.State`). */
export type HostState = 'DEFINED' | 'PROVISIONING' | 'READY' | 'UPDATING' | 'ERROR';

export interface Property {
  key: string;
  value: string;
}

/** A state change under way: the instance shows `shown` until `endsAt`, then `target`. */
export interface Transition {
  action: string;
  shown: InstanceState;
  target: InstanceState;
  endsAt: number;
}

export interface Instance {
  state: InstanceState;
  agentUp: boolean;
  /** Set for an instance adopted with its own properties; otherwise the host's blueprint is reported. */
  properties?: Property[];
  locked: boolean;
  transition?: Transition;
}

export interface Host {
  name: string;
  description: string;
  version: number;
  org: Organization;
  env: Environment;
  platform: string;
  distribution: string;
  applications: string[];
  /** Stored state; shown as PROVISIONING while the instance is being provisioned. */
  state: HostState;
  instance?: Instance;
  /** Seeds the machine's properties (see `blueprint`): made when read, so 100k hosts cost no property objects. */
  machineSeed: number;
  subnet: string;
}

export interface Environment {
  name: string;
  description: string;
  version: number;
  org: Organization;
  hosts: Host[];
  hostsByName: Map<string, Host>;
}

export interface Organization {
  name: string;
  description: string;
  version: number;
  groups: string[];
  accessKey: string;
  secretKey: string;
  environments: Environment[];
  envsByName: Map<string, Environment>;
  /** Every host of the organization, in name order (GET /organizations/{org}/hosts). */
  hosts: Host[];
  /** Users who can see the organization; others get 403. */
  members: ReadonlySet<string>;
}

export interface ComoditData {
  organizations: Organization[];
  orgsByName: Map<string, Organization>;
}

interface OrgPlan {
  name: string;
  description: string;
  share: number;
  environments: readonly (readonly [name: string, share: number])[];
  members: readonly string[];
}

export const ADMIN_USER = 'admin';
export const READ_ONLY_USER = 'auditor';

/** The demo user sees two organizations; a third one exists that nobody signed in here may read (403). */
const ORGS: readonly OrgPlan[] = [
  {
    name: 'Acme Corp',
    description: 'Acme Corporation production estate',
    share: 0.6,
    environments: [
      ['Production', 0.45],
      ['Staging', 0.2],
      ['Development', 0.25],
      ['QA', 0.1],
    ],
    members: [ADMIN_USER, READ_ONLY_USER],
  },
  {
    name: 'Globex',
    description: 'Globex hosting customers',
    share: 0.36,
    environments: [
      ['Production', 0.55],
      ['Staging', 0.2],
      ['Development', 0.25],
    ],
    members: [ADMIN_USER, READ_ONLY_USER],
  },
  {
    name: 'Initech',
    description: 'Managed for another team',
    share: 0.04,
    environments: [['Production', 1]],
    members: [],
  },
];

const ROLES = ['web', 'app', 'db', 'cache', 'mq', 'lb', 'build', 'mon', 'files', 'mail'] as const;
const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  web: 'Web front end',
  app: 'Application server',
  db: 'Database server',
  cache: 'Cache node',
  mq: 'Message broker',
  lb: 'Load balancer',
  build: 'Build agent',
  mon: 'Monitoring node',
  files: 'File server',
  mail: 'Mail relay',
};
const PLATFORMS = [
  'kvm-hyp01',
  'kvm-hyp02',
  'kvm-hyp03',
  'kvm-hyp04',
  'openstack-brussels',
  'openstack-liege',
];
const DISTRIBUTIONS = [
  'CentOS 7',
  'Rocky Linux 9',
  'AlmaLinux 8',
  'Debian 12',
  'Ubuntu 22.04',
  'Ubuntu 24.04',
  'RHEL 9',
  'Windows Server 2019',
  'Windows Server 2022',
];
const APPLICATIONS = [
  'WebServer',
  'SimpleWebPage',
  'PHP',
  'MySQL',
  'PostgreSQL',
  'Redis',
  'RabbitMQ',
  'HAProxy',
  'Nginx',
  'MonitoringAgent',
  'BackupAgent',
];
/** vCPUs and MiB of memory. */
const SIZES: readonly (readonly [number, number])[] = [
  [1, 1024],
  [1, 2048],
  [2, 4096],
  [2, 8192],
  [4, 8192],
  [4, 16384],
  [8, 32768],
  [16, 65536],
];
/** RUNNING most of the time; the rest covers every state the API names. */
const INSTANCE_MIX: readonly (readonly [InstanceState | 'none', number])[] = [
  ['RUNNING', 0.7],
  ['STOPPED', 0.14],
  ['PAUSED', 0.05],
  ['UNDEFINED', 0.03],
  ['none', 0.08],
];

const upperHex = (rng: Rng, length: number): string => rng.hex(length).toUpperCase();

function base62(rng: Rng, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** What provisioning gives this host: the same machine (IP, MAC, UUIDs, size) every time, from its seed. */
export function blueprint(host: Host): Property[] {
  const rng = createRng(host.machineSeed);
  const hostUuid = upperHex(rng, 32);
  const [vcpus, memory] = rng.pick(SIZES);
  const properties: Property[] = [
    { key: 'amqp.user_queue', value: `host.${hostUuid}` },
    { key: 'libvirt.uuid', value: rng.uuid() },
    { key: 'mac', value: rng.mac().toUpperCase() },
    { key: 'libvirt.hostUuid', value: hostUuid },
    { key: 'ip.eth0', value: rng.ipv4(host.subnet) },
    { key: 'vcpus', value: String(vcpus) },
    { key: 'memory', value: String(memory) },
  ];
  if (host.env.name === 'Production' && rng.chance(0.3))
    properties.push({ key: 'publicIp', value: rng.ipv4('198.51.100') });
  return properties;
}

function pickApplications(rng: Rng): string[] {
  const count = rng.int(0, 3);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(rng.pick(APPLICATIONS));
  return [...chosen];
}

function createOrganization(rng: Rng, plan: OrgPlan): Organization {
  const org: Organization = {
    name: plan.name,
    description: plan.description,
    version: rng.int(1, 12),
    groups: ['admin', 'users'],
    accessKey: upperHex(rng, 32),
    secretKey: base62(rng, 32),
    environments: [],
    envsByName: new Map(),
    hosts: [],
    members: new Set(plan.members),
  };
  for (const [name] of plan.environments) {
    const env: Environment = {
      name,
      description: `${name} environment of ${plan.name}`,
      version: rng.int(1, 9),
      org,
      hosts: [],
      hostsByName: new Map(),
    };
    org.environments.push(env);
    org.envsByName.set(name, env);
  }
  return org;
}

const byName = (a: Host, b: Host): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The whole estate, from the seed alone: the same seed always gives the same organizations, hosts and instances. */
export function generateComoditData(rng: Rng, hostCount: number): ComoditData {
  const orgRng = rng.fork('organizations');
  const organizations = ORGS.map((plan) => createOrganization(orgRng, plan));
  const orgPicks = ORGS.map((plan, i) => [i, plan.share] as const);
  const envPicks = ORGS.map((plan) => plan.environments.map(([, share], index) => [index, share] as const));
  const hostRng = rng.fork('hosts');
  for (let i = 0; i < hostCount; i++) {
    const orgIndex = weighted(hostRng, orgPicks);
    const org = organizations[orgIndex] as Organization;
    const envIndex = weighted(hostRng, envPicks[orgIndex] ?? []);
    const env = org.environments[envIndex] as Environment;
    const role = hostRng.pick(ROLES);
    const name = `${role}-${String(i + 1).padStart(5, '0')}`;
    const mix = weighted(hostRng, INSTANCE_MIX);
    const host: Host = {
      name,
      description: `${ROLE_LABELS[role]} ${name} in ${env.name}`,
      version: hostRng.int(1, 20),
      org,
      env,
      platform: hostRng.pick(PLATFORMS),
      distribution: hostRng.pick(DISTRIBUTIONS),
      applications: pickApplications(hostRng),
      state: mix === 'none' ? 'DEFINED' : hostRng.chance(0.03) ? 'ERROR' : 'READY',
      machineSeed: hostRng.int(0, 0xffffffff),
      subnet: `10.${orgIndex * 16 + envIndex}`,
    };
    if (mix !== 'none') {
      host.instance = {
        state: mix,
        agentUp: mix === 'RUNNING' && hostRng.chance(0.95),
        locked: hostRng.chance(0.02),
      };
    }
    env.hosts.push(host);
    env.hostsByName.set(name, host);
    org.hosts.push(host);
  }
  // Collections are served in name order; sort once here rather than per request.
  for (const org of organizations) {
    org.hosts.sort(byName);
    for (const env of org.environments) env.hosts.sort(byName);
  }
  return { organizations, orgsByName: new Map(organizations.map((o) => [o.name, o])) };
}
