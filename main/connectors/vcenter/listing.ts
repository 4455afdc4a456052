import { VantageError } from '../../../common/errors';
import { expectOk } from '../auth';
import { vapiKind, type VcenterAnswer, type VcenterApi } from './api';
import { createLimiter, type Limiter } from '../concurrency';
import { vcenterMessage } from './session';

/** Calls in flight while the list is paged: enough to hide latency, few enough not to load vCenter. */
export const LIST_CONCURRENCY = 8;

const POWER_STATES = ['POWERED_ON', 'POWERED_OFF', 'SUSPENDED'] as const;

/** How narrow a VM list filter is; each level is split into the next when vCenter says it matches too many. */
type Level = 'all' | 'datacenter' | 'cluster' | 'host' | 'power';

interface Scope {
  level: Level;
  filter: Readonly<Record<string, string>>;
  /** For messages: "datacenter DC-Amsterdam". */
  what: string;
  /** The host's name when the filter names exactly one host: the summary itself never says where a VM runs. */
  host?: string;
}

/** A page of `VcenterVMSummary`, and the host all of them run on when the page was listed per host. */
export type OnSummaries = (summaries: unknown, host: string | undefined) => void;

const tooMany = (answer: VcenterAnswer): boolean =>
  vapiKind(answer.response) === 'UNABLE_TO_ALLOCATE_RESOURCE';

/** A container list (`datacenter`, `cluster`, `host`), as `[id, name]` pairs. */
async function containers(
  api: VcenterApi,
  limit: Limiter,
  resource: 'datacenter' | 'cluster' | 'host',
  filter: Record<string, string>,
): Promise<[id: string, name: string][]> {
  const answer = await limit(() => api.read(resource, filter));
  expectOk(answer.response, api.label, vcenterMessage);
  const items = (Array.isArray(answer.value) ? answer.value : []) as Record<string, string>[];
  return items.map((item) => [item[resource] ?? '', item.name ?? '']);
}

/**
 * The scopes that partition `scope`, one level down: datacenters; then the clusters of a datacenter plus its
 * standalone hosts (a VM runs on exactly one host, which is either in one cluster or standalone); then the hosts
 * of a cluster; then a host's machines by power state. Undefined when there is nothing narrower.
 */
async function narrower(api: VcenterApi, limit: Limiter, scope: Scope): Promise<Scope[] | undefined> {
  const hostScope = ([id, name]: [string, string]): Scope => ({
    level: 'host',
    filter: { hosts: id },
    what: `host ${name}`,
    host: name,
  });
  switch (scope.level) {
    case 'all':
      return (await containers(api, limit, 'datacenter', {})).map(([id, name]) => ({
        level: 'datacenter',
        filter: { datacenters: id },
        what: `datacenter ${name}`,
      }));
    case 'datacenter': {
      const dc = scope.filter.datacenters ?? '';
      const [clusters, standalone] = await Promise.all([
        containers(api, limit, 'cluster', { datacenters: dc }),
        containers(api, limit, 'host', { datacenters: dc, standalone: 'true' }),
      ]);
      return [
        ...clusters.map(([id, name]): Scope => ({
          level: 'cluster',
          filter: { clusters: id },
          what: `cluster ${name}`,
        })),
        ...standalone.map(hostScope),
      ];
    }
    case 'cluster':
      return (await containers(api, limit, 'host', { clusters: scope.filter.clusters ?? '' })).map(hostScope);
    case 'host':
      return POWER_STATES.map((state) => ({
        ...scope,
        level: 'power',
        filter: { ...scope.filter, power_states: state },
        what: `${scope.what} (${state})`,
      }));
    case 'power':
      return undefined;
  }
}

/**
 * Every VM summary, paged the way vCenter wants: the list fails rather than truncates above its cap (1000 in
 * `/rest`, 4000 in `/api`), so ask for everything first and, only where that is refused, split the scope into
 * disjoint narrower ones, recursively. Each machine is listed exactly once; calls run 8 at a time.
 */
export async function listVmSummaries(
  api: VcenterApi,
  onPage: OnSummaries,
  signal: AbortSignal,
): Promise<void> {
  // One failed branch stops the others: the listing cannot be complete any more.
  const failed = new AbortController();
  const stop = AbortSignal.any([signal, failed.signal]);
  const limit = createLimiter(LIST_CONCURRENCY, stop, 'The machine list');

  const visit = async (scope: Scope): Promise<void> => {
    const answer = await limit(() => api.read('vm', scope.filter));
    if (answer.ok) {
      if (!stop.aborted) onPage(answer.value, scope.host);
      return;
    }
    if (!tooMany(answer)) expectOk(answer.response, api.label, vcenterMessage);
    const parts = await narrower(api, limit, scope);
    if (!parts)
      throw new VantageError(
        'UPSTREAM',
        `vCenter refuses to list the machines of ${scope.what}: there are more than it lists at once, ` +
          'and no narrower filter is left.',
        { status: answer.response.status, body: answer.response.body },
      );
    await Promise.all(parts.map(visit));
  };

  try {
    await visit({ level: 'all', filter: {}, what: api.label });
  } catch (error) {
    failed.abort();
    throw error;
  }
}
