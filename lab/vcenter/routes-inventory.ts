import type { Cluster, Datacenter, Folder, Host, Inventory, ResourcePool } from './data';
import type { Endpoint } from './endpoints';
import { byKey, byLineage, listMatching, type ListSpec } from './listing';

/** The containers a client pages the VM list by: datacenters, folders, clusters, hosts and resource pools. */

function listEndpoint<T>(path: string, spec: ListSpec<T>): Endpoint {
  return { method: 'GET', path, handler: (call) => listMatching(call, spec) };
}

function tooMany(kind: string, things: string): ListSpec<unknown>['tooMany'] {
  return {
    id: `com.vmware.api.vcenter.${kind}.too_many_matches`,
    text: `Too many ${things}. Add more filter criteria to reduce the number.`,
  };
}

const FOLDER_TYPES = ['DATACENTER', 'DATASTORE', 'HOST', 'NETWORK', 'VIRTUAL_MACHINE'];
const CONNECTION_STATES = ['CONNECTED', 'DISCONNECTED', 'NOT_RESPONDING'];
const THOUSAND = { rest: 1000, api: 1000 };

export function inventoryEndpoints(inventory: Inventory): Endpoint[] {
  const { folders, datacenters, clusters, hosts, pools } = inventory;
  const dcId = (index: number): string | undefined => datacenters[index]?.id;
  // Clusters live in their datacenter's host folder, and hosts in their cluster.
  const hostFolderLineage = (dc: number): readonly string[] =>
    folders[datacenters[dc]?.hostFolder ?? -1]?.lineage ?? [];
  const clusterHosts = new Map<number, Set<string>>();
  for (const host of hosts)
    clusterHosts.set(host.cluster, (clusterHosts.get(host.cluster) ?? new Set()).add(host.id));

  return [
    listEndpoint<Datacenter>('/vcenter/datacenter', {
      items: datacenters,
      filters: [
        byKey('datacenters', (d) => d.id),
        byKey('names', (d) => d.name),
        byKey('folders', (d) => d.parentFolder),
      ],
      cap: THOUSAND,
      tooMany: tooMany('datacenter', 'datacenters'),
      summary: (d) => ({ datacenter: d.id, name: d.name }),
    }),
    listEndpoint<Folder>('/vcenter/folder', {
      items: folders,
      filters: [
        byKey('folders', (f) => f.id),
        byKey('names', (f) => f.name),
        byKey('type', (f) => f.type, FOLDER_TYPES),
        byKey('parent_folders', (f) => f.parent),
        byKey('datacenters', (f) => f.datacenter),
      ],
      cap: THOUSAND,
      tooMany: tooMany('folder', 'folders'),
      summary: (f) => ({ folder: f.id, name: f.name, type: f.type }),
    }),
    listEndpoint<Cluster>('/vcenter/cluster', {
      items: clusters,
      filters: [
        byKey('clusters', (c) => c.id),
        byKey('names', (c) => c.name),
        byLineage('folders', (c) => hostFolderLineage(c.datacenter)),
        byKey('datacenters', (c) => dcId(c.datacenter)),
      ],
      cap: THOUSAND,
      tooMany: tooMany('cluster', 'clusters'),
      summary: (c) => ({ cluster: c.id, name: c.name, ha_enabled: c.haEnabled, drs_enabled: c.drsEnabled }),
    }),
    listEndpoint<Host>('/vcenter/host', {
      items: hosts,
      filters: [
        byKey('hosts', (h) => h.id),
        byKey('names', (h) => h.name),
        byLineage('folders', (h) => hostFolderLineage(h.datacenter)),
        byKey('datacenters', (h) => dcId(h.datacenter)),
        // Every lab host belongs to a cluster.
        byKey('standalone', () => 'false', ['true', 'false']),
        byKey('clusters', (h) => clusters[h.cluster]?.id),
        byKey('connection_states', () => 'CONNECTED', CONNECTION_STATES),
      ],
      cap: { rest: 2500, api: 2500 },
      tooMany: tooMany('host', 'hosts'),
      summary: (h) => ({
        host: h.id,
        name: h.name,
        connection_state: 'CONNECTED',
        power_state: 'POWERED_ON',
      }),
    }),
    listEndpoint<ResourcePool>('/vcenter/resource-pool', {
      items: pools,
      filters: [
        byKey('resource_pools', (p) => p.id),
        byKey('names', (p) => p.name),
        byKey('parent_resource_pools', (p) => p.parent),
        byKey('datacenters', (p) => dcId(p.datacenter)),
        {
          name: 'hosts',
          match: (p, wanted) => [...wanted].some((id) => clusterHosts.get(p.cluster)?.has(id)),
        },
        byKey('clusters', (p) => clusters[p.cluster]?.id),
      ],
      cap: THOUSAND,
      tooMany: tooMany('resource_pool', 'resource pools'),
      summary: (p) => ({ resource_pool: p.id, name: p.name }),
    }),
  ];
}
