import type { Machine } from '../../../common/machines';
import type { Connector } from '../types';
import { vcenterActions } from './actions';
import type { VcenterApi } from './api';
import { readDetails } from './details';
import { enrichAddresses } from './enrich';
import { listVmSummaries } from './listing';
import { toMachines } from './mapping';
import { performAction } from './power';
import { readVmScopes, type VmScopes } from './scopes';
import { createToolsMemory } from './tools';

/** Sets the machine's datacenter and folder when they are known. */
function withScope(machine: Machine, scopes: VmScopes): void {
  const scope = scopes.get(machine.vendorId);
  if (scope) machine.scope = scope;
}

/** Inventory and power of one vCenter: the Connector half that is not the session. */
export function createVcenterInventory(
  api: VcenterApi,
  profileId: string,
): Pick<Connector, 'listMachines' | 'details' | 'actions' | 'perform'> {
  const tools = createToolsMemory();
  return {
    async listMachines(onPage, signal) {
      const running: Machine[] = [];
      // Datacenters and folders are read alongside the list; pages listed before they are known wait for them,
      // so that each machine is handed over once, with its scope.
      let scopes: VmScopes | undefined;
      let failed = false;
      const held: Machine[][] = [];
      const hand = (page: Machine[], known: VmScopes): void => {
        for (const machine of page) withScope(machine, known);
        onPage(page);
      };
      const scoped = readVmScopes(api, signal)
        .catch((): VmScopes => new Map())
        .then((known) => {
          scopes = known;
          if (!failed) for (const page of held.splice(0)) hand(page, known);
        });
      try {
        await listVmSummaries(
          api,
          (summaries, host) => {
            const page = toMachines(summaries, profileId, host, new Date().toISOString());
            for (const machine of page) if (machine.power === 'running') running.push(machine);
            if (scopes) hand(page, scopes);
            else held.push(page);
          },
          signal,
        );
      } catch (error) {
        failed = true;
        throw error;
      }
      await scoped;
      await enrichAddresses(api, running, tools, onPage, signal);
    },
    details: (machine) => readDetails(api, tools, machine),
    actions: (machine) => vcenterActions(machine, tools.running(machine.vendorId)),
    perform: (machine, actionId, _options, progress, signal) =>
      performAction(api, tools, machine, actionId, progress, signal),
  };
}
