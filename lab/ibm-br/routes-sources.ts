import type { LabRequest } from '../core/types';
import { oneOf, optInt, optObject, optString, pick, requireBody, reqString, type Json } from './body';
import { badRequest, duplicate, notFound } from './errors';
import { created, noContent, ok, param, rawInt64, type Route } from './http';
import { timeline } from './lifecycle';
import { ENVIRONMENTS, type Environment, type Host } from './model';
import { intList, parseInteger, within } from './query';
import type { IbmState } from './state';
import { registrationView } from './views-objects';

/* Source registrations (physical hosts, SQL hosts, Kubernetes clusters) and refresh. */

const EXTRA_KEYS = ['isInternalEncrypted', 'advancedConfigs', 'kubernetesParams'] as const;

/** The data-source connection a registration goes through: `connectionId` (int64) or `dataSourceConnectionId`. */
function connectionOf(state: IbmState, req: LabRequest, body: Json, fallback?: string): string {
  const wanted = rawInt64(req, 'connectionId') ?? optString(body, 'dataSourceConnectionId') ?? fallback;
  if (wanted === undefined) {
    const first =
      [...state.connections.values()].find((c) => !c.envType) ?? [...state.connections.values()][0];
    if (!first) throw badRequest('The request body has an error: connectionId is required');
    return first.id;
  }
  if (!state.connections.has(wanted)) throw notFound(`Data-source connection ${wanted} not found.`);
  return wanted;
}

interface Registration {
  environment: Environment;
  name: string;
  endpoint: string;
  osType: Host['osType'];
  applications: string[];
  connectionId: string;
  extra: Json;
}

function validateRegistration(state: IbmState, req: LabRequest, self?: Host): Registration {
  const body = requireBody(req.body);
  const environment = oneOf(reqString(body, 'environment'), ENVIRONMENTS, 'environment');
  const extra = pick(body, EXTRA_KEYS);
  let endpoint: string;
  let osType: Host['osType'] = 'kLinux';
  let applications: string[] = [];
  if (environment === 'kKubernetes') {
    const k8s = optObject(body, 'kubernetesParams');
    if (!k8s)
      throw badRequest("Parameters 'kubernetesParams' must be specified for environment type 'kKubernetes'");
    endpoint = reqString(k8s, 'endpoint');
  } else {
    const physical = optObject(body, 'physicalParams');
    if (!physical)
      throw badRequest(`Parameters 'physicalParams' must be specified for environment type '${environment}'`);
    endpoint = reqString(physical, 'endpoint');
    osType = oneOf(optString(physical, 'hostType') ?? 'kLinux', ['kLinux', 'kWindows'], 'hostType');
    oneOf(
      optString(physical, 'physicalType') ?? 'kHost',
      ['kHost', 'kGroup', 'kWindowsCluster', 'kUnixCluster', 'kOracleRACCluster', 'kOracleAPCluster'],
      'physicalType',
    );
    applications = (Array.isArray(physical.applications) ? physical.applications : []).map((app) =>
      oneOf(String(app), ['kSQL', 'kOracle'], 'applications'),
    );
  }
  for (const host of state.hosts.values())
    if (host !== self && host.endpoint === endpoint)
      throw duplicate(`Source with endpoint ${endpoint} is already registered (id ${host.id}).`);
  return {
    environment,
    name: optString(body, 'name') ?? endpoint,
    endpoint,
    osType,
    applications,
    connectionId: connectionOf(state, req, body, self?.connectionId),
    extra,
  };
}

function registrationId(req: LabRequest): number {
  return parseInteger(param(req, 'id'), 'id');
}

export function sourceRoutes(route: Route, state: IbmState): void {
  const scaled = (ms: number): number => state.clock.scaled(ms);

  route('GET', '/data-protect/sources/registrations', (req) => {
    const ids = intList(req.query, 'ids');
    const registrations = [...state.hosts.values()]
      .filter((host) => within(ids, host.id))
      .map((host) => registrationView(state, host));
    return ok({ registrations });
  });

  route('POST', '/data-protect/sources/registrations', (req) => {
    const fields = validateRegistration(state, req);
    const now = state.now();
    const rng = state.rng.fork(`registration/${fields.endpoint}`);
    const host: Host = {
      id: state.nextHostId(),
      ...fields,
      uuid: rng.uuid(),
      logicalSizeBytes: rng.int(20, 400) * 1024 ** 3,
      agentVersion: '7.2.0',
      registeredAt: now,
      refresh: timeline(now, 0, scaled(15_000)),
      refreshKind: 'register',
      lastModifiedUsecs: now * 1000,
    };
    state.hosts.set(host.id, host);
    return created(registrationView(state, host));
  });

  route('GET', '/data-protect/sources/registrations/:id', (req) =>
    ok(registrationView(state, state.host(registrationId(req)))),
  );

  route('PUT', '/data-protect/sources/registrations/:id', (req) => {
    const host = state.host(registrationId(req));
    const stamp = optInt(requireBody(req.body), 'lastModifiedTimestampUsecs');
    if (stamp !== undefined && stamp !== host.lastModifiedUsecs)
      throw badRequest(`Registration ${host.id} was modified after ${stamp}: stale update rejected.`);
    Object.assign(host, validateRegistration(state, req, host), { lastModifiedUsecs: state.now() * 1000 });
    return ok(registrationView(state, host));
  });

  route('PATCH', '/data-protect/sources/registrations/:id', (req) => {
    const host = state.host(registrationId(req));
    const environment = reqString(requireBody(req.body), 'environment');
    if (environment !== host.environment)
      throw badRequest(
        `Registration ${host.id} is a ${host.environment} source: environment ${environment} cannot be patched.`,
      );
    return ok(registrationView(state, host));
  });

  route('DELETE', '/data-protect/sources/registrations/:id', (req) => {
    const host = state.host(registrationId(req));
    const groups = state.groupsOfHost(host.id);
    if (groups.length > 0)
      throw badRequest(
        `Source ${host.name} is protected by protection group ${String(groups[0]?.spec.name)}; remove it from the group first.`,
      );
    state.hosts.delete(host.id);
    return noContent();
  });

  route('POST', '/data-protect/sources/:id/refresh', (req) => {
    const host = state.host(registrationId(req));
    host.refresh = timeline(state.now(), 0, scaled(10_000));
    host.refreshKind = 'refresh';
    return noContent();
  });
}
