import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { QueryValue } from '../../net/http-client';
import type { Connector } from '../types';
import { mapObject, sourceFacts, type SourceFacts } from './mapping';
import type {
  ConnectionsAnswer,
  ProtectedObjectsAnswer,
  RegistrationsAnswer,
  SearchObjectsAnswer,
  SnapshotsAnswer,
} from './wire';

/** A GET that must succeed, read with int64 ids kept exact; resolves to the parsed body. */
export type IbmRead = (path: string, query?: Record<string, QueryValue>) => Promise<unknown>;

export interface IbmInventoryOptions {
  profileId: string;
  /** The profile's name, for messages. */
  label: string;
  /** Region and tenant, the rows' scope. */
  scope?: string[];
  read: IbmRead;
}

/** Objects per search page (the service's default page is 1000 as well). */
const PAGE_SIZE = 1000;
/** Snapshots kept in the details: the newest ones. */
const SNAPSHOT_HEAD = 10;

export const IBM_NO_POWER =
  'IBM Cloud Backup and Recovery objects have no power control in Vantage: protect them in the protection view ' +
  'and restore them in the recovery view.';

function stopIfAborted(signal: AbortSignal, label: string): void {
  if (signal.aborted) throw new VantageError('CANCELLED', `Reading the objects of ${label} was cancelled.`);
}

/** Every object the instance knows (protected or not), from the object search, paged by its cookie. */
export function createIbmInventory(
  options: IbmInventoryOptions,
): Pick<Connector, 'listMachines' | 'details' | 'actions' | 'perform'> {
  const { read, label, profileId } = options;

  /** Addresses and connections come from the registrations: one call for all sources, beside the first page. */
  const readSourceFacts = async (): Promise<Map<string, SourceFacts>> => {
    const [registrations, connections] = await Promise.all([
      read('data-protect/sources/registrations') as Promise<RegistrationsAnswer | undefined>,
      read('data-source-connections') as Promise<ConnectionsAnswer | undefined>,
    ]);
    return sourceFacts(registrations, connections);
  };

  return {
    async listMachines(onPage, signal) {
      stopIfAborted(signal, label);
      const facts = readSourceFacts();
      let cookie: string | undefined;
      do {
        const [page, known] = await Promise.all([
          read('data-protect/search/objects', {
            count: PAGE_SIZE,
            paginationCookie: cookie,
          }) as Promise<SearchObjectsAnswer | undefined>,
          facts,
        ]);
        stopIfAborted(signal, label);
        const objects = page?.objects ?? [];
        const updatedAt = new Date().toISOString();
        const machines: Machine[] = new Array<Machine>(objects.length);
        for (let i = 0; i < objects.length; i++)
          machines[i] = mapObject(objects[i] ?? {}, profileId, known, updatedAt, options.scope);
        if (machines.length > 0) onPage(machines);
        if (page?.paginationCookie !== undefined && page.paginationCookie === cookie)
          throw new VantageError('UPSTREAM', `${label} kept answering the same page of objects.`, {
            paginationCookie: cookie,
          });
        cookie = page?.paginationCookie || undefined;
      } while (cookie !== undefined);
    },

    async details(machine) {
      const objectId = machine.vendorId;
      const found = (await read('data-protect/search/objects', { objectIds: objectId })) as
        SearchObjectsAnswer | undefined;
      const object = found?.objects?.find((o) => String(o.id) === objectId);
      if (!object)
        throw new VantageError(
          'NOT_FOUND',
          `${machine.name} is no longer known to ${label}: its source was unregistered.`,
          { body: found },
        );
      const sourceId = String(object.sourceId ?? object.sourceInfo?.id ?? objectId);
      const [protection, registration, snapshots] = await Promise.all([
        read('data-protect/search/protected-objects', { objectIds: objectId }) as Promise<
          ProtectedObjectsAnswer | undefined
        >,
        read(`data-protect/sources/registrations/${sourceId}`),
        read(`data-protect/objects/${objectId}/snapshots`) as Promise<SnapshotsAnswer | undefined>,
      ]);
      const protectedObject = protection?.objects?.find((o) => String(o.id) === objectId);
      const all = snapshots?.snapshots ?? [];
      const newest = [...all]
        .sort((a, b) => (b.snapshotTimestampUsecs ?? 0) - (a.snapshotTimestampUsecs ?? 0))
        .slice(0, SNAPSHOT_HEAD);
      return {
        object,
        ...(protectedObject ? { protectedObject } : {}),
        registration,
        snapshots: newest,
        snapshotCount: all.length,
      };
    },

    actions: () => [],

    perform: () => Promise.reject(new VantageError('UNSUPPORTED', IBM_NO_POWER)),
  };
}
