import type { Machine } from '../../../common/machines';
import type { Profile } from '../../../common/profiles';
import type { HttpClient, QueryValue } from '../../net/http-client';
import { expectOk } from '../auth';
import type { Connector } from '../types';
import { mapBounded } from '../concurrency';
import { partialCollector, readAgainOnce } from '../partial';
import { comoditMessage, throwIfAborted } from './errors';
import { propertyMap, toMachine } from './mapping';
import { pagesOf, type Reader } from './paging';
import {
  environmentHostsPath,
  hostPath,
  hostRefOf,
  instancePath,
  organizationHostsPath,
  organizationsPath,
  type HostRef,
} from './paths';
import type { ComoditHost, ComoditInstance, ComoditOrganization } from './records';

/** Items per page of a collection: hosts are cheap to serve, so few round trips. */
const PAGE_SIZE = 1000;
/** The instance state needs one call per host: this many at once. */
const INSTANCE_READS = 8;
/** Rows handed to the window at a time while a page of hosts is being read. */
const BATCH = 250;
const LISTING = 'Reading the ComodIT inventory';

type Inventory = Pick<Connector, 'listMachines' | 'details'>;

/**
 * The machines are host instances. Hosts come in large pages (`/organizations/{org}/hosts` spans environments);
 * the instance (state, addresses, size) is read per host, skipping DEFINED hosts, which have none.
 */
export function createComoditInventory(http: HttpClient, profile: Profile): Inventory {
  const scope = profile.options.vendor === 'comodit' ? profile.options : undefined;
  const read: Reader = async (path: string, query?: Record<string, QueryValue>) =>
    expectOk(await http.send({ method: 'GET', path, query }), profile.name, comoditMessage).body;

  /** The instance of a host, or undefined when it has none (404). */
  const instanceOf = async (ref: HostRef): Promise<ComoditInstance | undefined> => {
    const response = await http.send({ method: 'GET', path: instancePath(ref) });
    if (response.status === 404) return undefined;
    return expectOk(response, profile.name, comoditMessage).body as ComoditInstance;
  };

  const organizations = async (signal: AbortSignal): Promise<string[]> => {
    if (scope?.organization) return [scope.organization];
    const names: string[] = [];
    for await (const page of pagesOf<ComoditOrganization>(
      read,
      organizationsPath,
      PAGE_SIZE,
      signal,
      LISTING,
    ))
      for (const org of page) names.push(org.name);
    return names;
  };

  return {
    async listMachines(onPage, signal) {
      const environment = scope?.environment || undefined;
      // About two hundred reads make a listing: one that fails in passing is read again, and if it still fails the
      // listing goes on without it and says it is partial, instead of showing nothing.
      const missing = partialCollector(signal);
      const readPage: Reader = (path, query) => readAgainOnce(() => read(path, query), signal);
      let batch: Machine[] = [];
      let listed = 0;
      const flush = (): void => {
        if (batch.length === 0) return;
        const full = batch;
        batch = [];
        listed += full.length;
        onPage(full);
      };
      for (const organization of await organizations(signal)) {
        // A named environment of a named organization has its own collection; otherwise filter the organization's.
        const path =
          environment && scope?.organization
            ? environmentHostsPath(organization, environment)
            : organizationHostsPath(organization);
        try {
          for await (const hosts of pagesOf<ComoditHost>(readPage, path, PAGE_SIZE, signal, LISTING)) {
            const updatedAt = new Date().toISOString();
            await mapBounded(hosts, INSTANCE_READS, signal, 'The host list', async (host) => {
              if (host.state === 'DEFINED' || (environment && host.environment !== environment)) return;
              const ref = { organization: host.organization, environment: host.environment, host: host.name };
              let instance: ComoditInstance | undefined;
              try {
                instance = await readAgainOnce(() => instanceOf(ref), signal);
              } catch (error) {
                missing.skip(error);
                return;
              }
              if (!instance) return;
              batch.push(toMachine(profile.id, host, instance, updatedAt));
              if (batch.length >= BATCH) flush();
            });
            throwIfAborted(signal, LISTING);
            flush();
          }
        } catch (error) {
          // A page of hosts that cannot be read: the rest of this organization is missing, the others are read.
          missing.skip(error);
        }
      }
      flush();
      return missing.outcome(listed);
    },

    async details(machine) {
      const ref = hostRefOf(machine);
      const [host, instance] = await Promise.all([read(hostPath(ref)), instanceOf(ref)]);
      return instance
        ? { host, instance, properties: propertyMap(instance) }
        : { host, instance: null, properties: {} };
    },
  };
}
