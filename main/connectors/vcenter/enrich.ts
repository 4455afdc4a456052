import type { Machine } from '../../../common/machines';
import { vmPath, type VcenterApi } from './api';
import { createLimiter, type Limiter } from '../concurrency';
import { LIST_CONCURRENCY } from './listing';
import { morefNumber, withIdentity, type GuestIdentity, type GuestInterface } from './mapping';
import type { ToolsMemory } from './tools';

/** Guest identity calls per listing: one call per machine, so bounded whatever the size of the estate. */
export const ENRICH_LIMIT = 500;
/** Enriched rows are handed over in batches, so the window fills in progressively without a message per row. */
const BATCH = 50;

/** Routable addresses the guest reports on its network cards (link-local ones say nothing to an administrator). */
async function guestAddresses(api: VcenterApi, vm: string, limit: Limiter): Promise<string[]> {
  const answer = await limit(() =>
    api.read(vmPath(vm, '/guest/networking/interfaces'), undefined, { once: true }),
  );
  if (!answer.ok || !Array.isArray(answer.value)) return [];
  return (answer.value as GuestInterface[])
    .flatMap((card) => card.ip?.ip_addresses ?? [])
    .filter((a) => a.state === 'PREFERRED' && !/^(fe80:|169\.254\.)/i.test(a.ip_address))
    .map((a) => a.ip_address);
}

/**
 * Adds the guest's address and operating system to the first running machines (lowest managed object ids, so the
 * same ones each time). The REST API has no bulk property for guest IPs (the VM summary has none and there is no
 * property collector), so each address costs a `guest/identity` call. Best effort: a machine whose Tools do not
 * answer keeps its row as listed; a failing vCenter ends the enrichment, not the (already complete) listing.
 */
export async function enrichAddresses(
  api: VcenterApi,
  /** The running rows as listed; sorted in place (it is the listing's scratch list). */
  running: Machine[],
  tools: ToolsMemory,
  onPage: (machines: Machine[]) => void,
  signal: AbortSignal,
): Promise<void> {
  const chosen =
    running.length > ENRICH_LIMIT
      ? running.sort((a, b) => morefNumber(a.vendorId) - morefNumber(b.vendorId)).slice(0, ENRICH_LIMIT)
      : running;
  const failed = new AbortController();
  const limit = createLimiter(LIST_CONCURRENCY, AbortSignal.any([signal, failed.signal]), 'The machine list');
  let batch: Machine[] = [];
  const flush = (): void => {
    if (batch.length > 0 && !signal.aborted && !failed.signal.aborted) onPage(batch);
    batch = [];
  };
  const enrich = async (machine: Machine): Promise<void> => {
    const answer = await limit(() =>
      api.read(vmPath(machine.vendorId, '/guest/identity'), undefined, { once: true }),
    );
    if (answer.ok) {
      tools.learn(machine.vendorId, true);
      const identity = answer.value as GuestIdentity;
      // A multi-homed guest names no primary address: its cards' addresses are in guest networking.
      const addresses = identity.ip_address ? undefined : await guestAddresses(api, machine.vendorId, limit);
      batch.push(withIdentity(machine, identity, new Date().toISOString(), addresses));
      if (batch.length >= BATCH) flush();
    } else if (answer.response.status === 503) tools.learn(machine.vendorId, false);
  };
  try {
    await Promise.all(chosen.map(enrich));
  } catch (error) {
    if (signal.aborted) throw error;
    // Unreachable or signed out midway: the rows are complete without addresses; keep what was learnt.
    flush();
    failed.abort();
    return;
  }
  flush();
}
