import type { Machine } from '../../../common/machines';
import type { Connector } from '../types';
import { vcenterActions } from './actions';
import type { VcenterApi } from './api';
import { readDetails } from './details';
import { enrichAddresses } from './enrich';
import { listVmSummaries } from './listing';
import { toMachines } from './mapping';
import { performAction } from './power';
import { createToolsMemory } from './tools';

/** Inventory and power of one vCenter: the Connector half that is not the session. */
export function createVcenterInventory(
  api: VcenterApi,
  profileId: string,
): Pick<Connector, 'listMachines' | 'details' | 'actions' | 'perform'> {
  const tools = createToolsMemory();
  return {
    async listMachines(onPage, signal) {
      const running: Machine[] = [];
      await listVmSummaries(
        api,
        (summaries, host) => {
          const page = toMachines(summaries, profileId, host, new Date().toISOString());
          for (const machine of page) if (machine.power === 'running') running.push(machine);
          onPage(page);
        },
        signal,
      );
      await enrichAddresses(api, running, tools, onPage, signal);
    },
    details: (machine) => readDetails(api, tools, machine),
    actions: (machine) => vcenterActions(machine, tools.running(machine.vendorId)),
    perform: (machine, actionId, _options, progress, signal) =>
      performAction(api, tools, machine, actionId, progress, signal),
  };
}
