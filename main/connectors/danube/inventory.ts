import { VantageError } from '../../../common/errors';
import type { Machine } from '../../../common/machines';
import type { HttpResponse } from '../../net/http-client';
import { envelopeOf, vmPath, type DanubeApi } from './api';
import { toMachine, type DefineRecord, type StatusRecord, type VmRecord } from './mapping';
import { rawAnswer, refusal, type Attempt } from './refusals';

/** Machines handed to the window at a time. */
const PAGE_SIZE = 1000;
/** Danube answers each list in one piece (no paging): give a large estate time to arrive. */
const LIST_TIMEOUT_MS = 120_000;

/** Every list in hostname order, so that the three of them line up item by item. */
const ORDERED = { order_by: 'hostname' };

function listOf<T>(response: HttpResponse, attempt: Attempt): T[] {
  const result = envelopeOf(response)?.result;
  if (response.status !== 200) throw refusal(response, attempt);
  if (!Array.isArray(result))
    throw new VantageError(
      'UPSTREAM',
      `Danube Cloud answered the request to ${attempt.phrase} in an unknown form.`,
      rawAnswer(response),
    );
  return result as T[];
}

/**
 * Finds the item of another list for the same hostname: the lists are fetched in the same order, so the item at the
 * same index is almost always it; a VM created or deleted between the calls shifts them, then a map is built once.
 */
function matcher<T extends { hostname: string }>(
  items: readonly T[],
): (index: number, hostname: string) => T | undefined {
  let byHostname: Map<string, T> | undefined;
  return (index, hostname) => {
    const same = items[index];
    if (same?.hostname === hostname) return same;
    byHostname ??= new Map(items.map((item) => [item.hostname, item]));
    return byHostname.get(hostname);
  };
}

const listingCancelled = (): VantageError =>
  new VantageError('CANCELLED', 'The listing of the Danube Cloud VMs was cancelled.');

/** The answer of `work`, or CANCELLED as soon as the signal aborts (the HTTP calls end unheard). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(listingCancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(listingCancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    const settled = (): void => signal.removeEventListener('abort', onAbort);
    work.then(
      (value) => {
        settled();
        resolve(value);
      },
      (error: unknown) => {
        settled();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Every VM of the profile's DC in three calls made together: `/vm/?full=true&active=true` (status, node, IPs and
 * the CPUs and RAM running now), `/vm/define/` (OS type, tags) and `/vm/status/` (pending tasks: a start in
 * progress). Pages are handed over as they are mapped.
 */
export async function listMachines(
  api: DanubeApi,
  profileId: string,
  dc: string | undefined,
  onPage: (machines: Machine[]) => void,
  signal: AbortSignal,
  /** Told whether the account sees the VMs as an administrator does (node hostnames, not colours). */
  onViewer?: (admin: boolean) => void,
): Promise<void> {
  const attempt: Attempt = { phrase: 'list the VMs', ...(dc ? { dc } : {}) };
  // The definitions and statuses are cut down to what a row uses as soon as each arrives, so that their whole
  // records (every field of every VM) are not held while the other lists are still coming.
  const [vmAnswer, defines, statuses] = await abortable(
    Promise.all([
      api.get('api/vm/', { ...ORDERED, full: true, active: true }, LIST_TIMEOUT_MS),
      api.get('api/vm/define/', ORDERED, LIST_TIMEOUT_MS).then((answer) =>
        listOf<DefineRecord>(answer, attempt).map(({ hostname, ostype, tags }) => ({
          hostname,
          ostype,
          tags,
        })),
      ),
      api
        .get('api/vm/status/', ORDERED, LIST_TIMEOUT_MS)
        .then((answer) =>
          listOf<StatusRecord>(answer, attempt).map(({ hostname, tasks }) => ({ hostname, tasks })),
        ),
    ]),
    signal,
  );
  const vms = listOf<VmRecord>(vmAnswer, attempt);
  // Danube shows a node's hostname to administrators and its colour to everyone else (mapping.ts).
  const placed = vms.find((vm) => typeof vm.node === 'string' && vm.node !== '');
  if (placed?.node) onViewer?.(!placed.node.startsWith('#'));
  const defineOf = matcher<DefineRecord>(defines);
  const statusOf = matcher<StatusRecord>(statuses);
  const updatedAt = new Date().toISOString();
  let page: Machine[] = [];
  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i] as VmRecord;
    page.push(toMachine(profileId, vm, defineOf(i, vm.hostname), statusOf(i, vm.hostname), updatedAt, dc));
    if (page.length === PAGE_SIZE) {
      if (signal.aborted) throw listingCancelled();
      onPage(page);
      page = [];
    }
  }
  if (page.length) onPage(page);
}

/** The VM (extended, as running now), its status record with pending tasks, and its definition when served. */
export async function machineDetails(api: DanubeApi, machine: Machine): Promise<Record<string, unknown>> {
  const hostname = machine.vendorId;
  const attempt: Attempt = { phrase: `read the details of ${hostname}`, vm: hostname };
  const [vm, status, define] = await Promise.all([
    api.get(vmPath(hostname), { extended: true, active: true }),
    api.get(vmPath(hostname, 'status')),
    api.get(vmPath(hostname, 'define')),
  ]);
  const resultOf = (response: HttpResponse): unknown => {
    if (response.status !== 200) throw refusal(response, attempt);
    return envelopeOf(response)?.result;
  };
  return {
    vm: resultOf(vm),
    status: resultOf(status),
    // Older or restricted servers may not serve the definition: the rest still describes the VM.
    ...(define.status === 200 ? { define: envelopeOf(define)?.result } : {}),
  };
}
