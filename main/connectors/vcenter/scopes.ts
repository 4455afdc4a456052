import type { VcenterApi } from './api';
import { createLimiter } from '../concurrency';
import { LIST_CONCURRENCY } from './listing';

/** A VM's datacenter and folder (`Machine.scope`), by VM id. */
export type VmScopes = ReadonlyMap<string, string[]>;

/** Each datacenter's hidden root folder of VMs: vCenter names it `vm` and does not let it be renamed. */
const ROOT_VM_FOLDER = 'vm';

interface FolderMembers {
  datacenter: string;
  folder: string;
  vms: string[];
}

/**
 * Where each VM sits, in a few calls whatever the number of VMs: the datacenters, each one's VM folders, and the
 * VMs of each folder (`/vcenter/vm?folders=`). That filter also matches a folder's sub-folders, so a VM belongs to
 * the smallest folder that lists it. Best effort: a list vCenter refuses (more VMs than it lists at once) is
 * skipped, and its VMs keep the scope of a smaller folder, or none.
 */
export async function readVmScopes(api: VcenterApi, signal: AbortSignal): Promise<VmScopes> {
  const limit = createLimiter(LIST_CONCURRENCY, signal, 'The datacenters and folders');
  const list = async (
    resource: string,
    filter: Record<string, string>,
  ): Promise<Record<string, string>[]> => {
    const answer = await limit(() => api.read(resource, filter));
    return answer.ok && Array.isArray(answer.value) ? (answer.value as Record<string, string>[]) : [];
  };
  const datacenters = await list('datacenter', {});
  const folders = (
    await Promise.all(
      datacenters.map(async (dc) =>
        (await list('folder', { type: 'VIRTUAL_MACHINE', datacenters: dc.datacenter ?? '' })).map((f) => ({
          id: f.folder ?? '',
          name: f.name ?? '',
          datacenter: dc.name ?? '',
        })),
      ),
    )
  ).flat();
  const members: FolderMembers[] = await Promise.all(
    folders.map(async (f) => ({
      datacenter: f.datacenter,
      folder: f.name === ROOT_VM_FOLDER ? '' : f.name,
      vms: (await list('vm', { folders: f.id })).map((vm) => vm.vm ?? ''),
    })),
  );
  // Largest first, so that a VM ends with the smallest (innermost) folder that lists it.
  members.sort((a, b) => b.vms.length - a.vms.length);
  const scopes = new Map<string, string[]>();
  for (const { datacenter, folder, vms } of members) {
    const scope = folder ? [datacenter, folder] : [datacenter];
    for (const vm of vms) scopes.set(vm, scope);
  }
  return scopes;
}
