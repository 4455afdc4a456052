import type { Rng } from '../core/rng';
import type { LabContext } from '../core/types';
import { timeline } from './lifecycle';
import type { Cluster, Connection, Connector, Host } from './model';
import { seedProtection } from './data-protection';
import { seedRecoveries, seedUpgradeTasks } from './data-recoveries';
import { IbmState } from './state';

/* The seeded instance: tenant, connections, registered hosts; protection and recoveries come from data-*.ts. */

const REGIONS = ['us-east', 'us-south', 'eu-de', 'eu-gb', 'jp-tok', 'au-syd'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DAY = 86_400_000;

export function alnum(rng: Rng, length: number, alphabet = ALNUM): string {
  let out = '';
  while (out.length < length) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** Decimal ids of 19 digits, above 2^53 and below 2^63 (data-source connection ids, connector group ids). */
export function int64Digits(rng: Rng): string {
  return `${rng.int(100_000_000, 922_000_000)}${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`;
}

function makeCluster(rng: Rng): Cluster {
  const regionId = rng.pick(REGIONS);
  return {
    clusterId: rng.int(1_000_000_000_000_000, 8_900_000_000_000_000),
    incarnationId: 1_690_000_000_000 + rng.int(0, 50_000_000_000),
    name: `brs-${regionId}-${alnum(rng, 6)}`,
    regionId,
  };
}

function seedConnections(state: IbmState, rng: Rng): void {
  const names = ['vpc-dal-prod', 'vpc-wdc-dr', 'roks-vpc-apps'];
  for (const [index, name] of names.entries()) {
    const connection: Connection = {
      id: int64Digits(rng),
      name,
      ...(name.startsWith('roks') ? { envType: 'kRoksVpc' } : {}),
      connectorIds: [],
    };
    state.connections.set(connection.id, connection);
    for (let n = 0; n < (index === 0 ? 2 : 1); n++) {
      const connector: Connector = {
        id: String(rng.int(1_000_000_000_000_000, 8_999_999_999_999_999)),
        name: `${name}-connector-${n + 1}`,
        connectionId: connection.id,
        clusterSideIp: rng.ipv4('10.249'),
        tenantSideIp: rng.ipv4('10.240'),
        softwareVersion: rng.pick(['7.2.2_u1_release-20250807', '7.2.1_release-20250512']),
        connected: index !== 1 || n !== 0 || rng.chance(0.5),
        lastConnectedSecs: Math.floor((state.now() - rng.int(1, 72) * 3_600_000) / 1000),
        upgrade: { status: 'Succeeded', startMs: state.now() - rng.int(2, 60) * DAY },
      };
      state.connectors.set(connector.id, connector);
      connection.connectorIds.push(connector.id);
    }
  }
}

const LINUX_ROLES = ['web', 'app', 'db', 'api', 'batch', 'mq', 'cache', 'etl'];
const WINDOWS_ROLES = ['SQL', 'IIS', 'FS', 'APP', 'RDS'];
const STAGES = ['prod', 'stage', 'dev', 'qa'];

function seedHosts(state: IbmState, rng: Rng, count: number): void {
  const now = state.now();
  const vsiConnections = [...state.connections.values()].filter((c) => !c.envType).map((c) => c.id);
  for (let i = 0; i < count; i++) {
    const id = state.nextHostId();
    const windows = rng.chance(0.35);
    const number = String(i + 1).padStart(4, '0');
    const role = windows ? rng.pick(WINDOWS_ROLES) : rng.pick(LINUX_ROLES);
    const registeredAt = now - rng.int(30, 400) * DAY;
    const host: Host = {
      id,
      name: windows ? `WIN-${role}-${number}` : `${role}-${rng.pick(STAGES)}-${number}`,
      endpoint: rng.ipv4('10.240'),
      environment: 'kPhysical',
      osType: windows ? 'kWindows' : 'kLinux',
      uuid: rng.uuid(),
      logicalSizeBytes: rng.int(20, 800) * 1024 ** 3,
      agentVersion: rng.pick(['7.1.2_u2', '7.1.2_u3', '7.2.0']),
      connectionId: rng.pick(vsiConnections),
      registeredAt,
      refresh: timeline(registeredAt, 0, rng.int(20, 300) * 1000),
      refreshKind: 'register',
      applications: windows && role === 'SQL' ? ['kSQL'] : [],
      lastModifiedUsecs: registeredAt * 1000,
      extra: {},
    };
    state.hosts.set(id, host);
  }
}

/** Builds the whole seeded instance; `ctx.vms` registered hosts, everything else scaled from them. */
export function createState(ctx: LabContext): IbmState {
  const rng = ctx.rng.fork('instance');
  const cluster = makeCluster(rng);
  const tenantId = `${alnum(rng, 10)}/`;
  const apiKey = alnum(rng, 44, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
  const state = new IbmState(ctx.seed, ctx.clock, ctx.rng.fork('runtime'), cluster, tenantId, apiKey);
  seedConnections(state, ctx.rng.fork('connections'));
  seedHosts(state, ctx.rng.fork('hosts'), ctx.vms);
  seedProtection(state, ctx.rng.fork('protection'));
  seedRecoveries(state, ctx.rng.fork('recoveries'));
  seedUpgradeTasks(state, ctx.rng.fork('upgrades'));
  return state;
}
