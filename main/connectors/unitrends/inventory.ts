import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { QueryValue } from '../../net/http-client';
import type { Connector } from '../types';
import { mapBounded } from '../concurrency';
import { mapIrSession, mapWirClient, parseVendorId, type SystemScope, type WirSizing } from './mapping';
import {
  IR_TYPES,
  itemsOf,
  type SystemRow,
  type VirtualClientsAnswer,
  type WirDetailsAnswer,
  type WirItem,
} from './wire';

/** A GET that must succeed; resolves to the parsed body. */
export type UnitrendsRead = (path: string, query?: Record<string, QueryValue>) => Promise<unknown>;

export interface UnitrendsInventoryOptions {
  profileId: string;
  /** The profile's name, for messages. */
  label: string;
  /** The system the profile works on; undefined lists every system the appliance manages. */
  sid: number | undefined;
  /** The appliance's host name, for the rows' scope. */
  appliance: string;
  read: UnitrendsRead;
}

const DETAILS_IN_FLIGHT = 8;

export const UNITRENDS_NO_POWER =
  'Unitrends virtual clients and instant-recovery sessions are not powered from the inventory: start or stop ' +
  'audit and live mode, or tear a session down, in the Sessions view.';

function stopIfAborted(signal: AbortSignal, label: string): void {
  if (signal.aborted)
    throw new VantageError('CANCELLED', `Reading the virtual clients of ${label} was cancelled.`);
}

/** Virtual failover clients and instant-recovery sessions of the profile's system (or of every system). */
export function createUnitrendsInventory(
  options: UnitrendsInventoryOptions,
): Pick<Connector, 'listMachines' | 'details' | 'actions' | 'perform'> {
  const { read, sid, label } = options;

  const scopeOf = (row: SystemRow): SystemScope => ({
    profileId: options.profileId,
    systemId: row.system_id ?? sid ?? 0,
    systemName: row.system_name ?? `system ${row.system_id ?? sid ?? '?'}`,
    appliance: options.appliance,
    qualified: sid === undefined,
  });

  /**
   * Processors and memory are only in a client's details. A client that vanished meanwhile (`[]`) or whose details
   * the appliance cannot build (500, e.g. its console) is listed without them rather than failing the listing.
   */
  const sizingOf = async (item: WirItem, scope: SystemScope): Promise<WirSizing | undefined> => {
    if (item.id === undefined) return undefined;
    try {
      const answer = (await read(`api/virtual_clients/${item.id}/details`, {
        type: 'wir',
        sid: scope.systemId,
      })) as WirDetailsAnswer | unknown[];
      return Array.isArray(answer) ? undefined : answer.virtual_client;
    } catch (error) {
      if (error instanceof VantageError && (error.code === 'UPSTREAM' || error.code === 'NOT_FOUND'))
        return undefined;
      throw error;
    }
  };

  return {
    async listMachines(onPage, signal) {
      stopIfAborted(signal, label);
      const answer = (await read('api/virtual_clients', { sid })) as VirtualClientsAnswer | undefined;
      if (!Array.isArray(answer?.data))
        throw new VantageError('UPSTREAM', `${label} answered the virtual client listing without data.`, {
          body: answer,
        });
      stopIfAborted(signal, label);
      const rows = answer.data;
      const updatedAt = new Date().toISOString();
      // Sessions need no further call: they reach the window first.
      for (const row of rows) {
        const scope = scopeOf(row);
        const page: Machine[] = [];
        for (const type of IR_TYPES)
          for (const item of itemsOf(row[type])) page.push(mapIrSession(item, type, scope, updatedAt));
        if (page.length > 0) onPage(page);
      }
      for (const row of rows) {
        const scope = scopeOf(row);
        const clients = itemsOf(row.wir);
        if (clients.length === 0) continue;
        const sizes = await mapBounded(clients, DETAILS_IN_FLIGHT, signal, 'The client list', (item) =>
          sizingOf(item, scope),
        );
        stopIfAborted(signal, label);
        const page: Machine[] = [];
        for (let i = 0; i < clients.length; i++)
          page.push(mapWirClient(clients[i] as WirItem, scope, updatedAt, sizes[i]));
        onPage(page);
      }
    },

    async details(machine) {
      const ref = parseVendorId(machine.vendorId);
      const system = ref.sid ?? sid;
      const path = `api/virtual_clients/${ref.id}`;
      const [details, state] = await Promise.all([
        read(`${path}/details`, { type: ref.type, sid: system }),
        // Only virtual failover clients have a state object (sessions answer 404).
        ref.type === 'wir' ? read(`${path}/state`, { sid: system }) : undefined,
      ]);
      // The handler answers an empty array when nothing of that type has the id.
      if (Array.isArray(details))
        throw new VantageError(
          'NOT_FOUND',
          `${machine.name} is no longer on ${label}: it was deleted or torn down.`,
          { body: details },
        );
      return state === undefined ? { details } : { details, state };
    },

    actions: () => [],

    perform: () => Promise.reject(new VantageError('UNSUPPORTED', UNITRENDS_NO_POWER)),
  };
}
