import type { InventoryStatus } from '../../../common/inventory';

/** Whether the inventory refreshes in the background after opening, and from what age of its rows. */
export interface RefreshOnOpen {
  enabled: boolean;
  ageMinutes: number;
}

export const DEFAULT_REFRESH_ON_OPEN: RefreshOnOpen = { enabled: true, ageMinutes: 5 };

let policy: () => RefreshOnOpen | Promise<RefreshOnOpen> = () => DEFAULT_REFRESH_ON_OPEN;

/** Where the policy comes from: the Settings service replaces the default (`refreshOnOpen`, `refreshAgeMinutes`). */
export function setRefreshOnOpenPolicy(source: () => RefreshOnOpen | Promise<RefreshOnOpen>): void {
  policy = source;
}

export const refreshOnOpenPolicy = (): Promise<RefreshOnOpen> => Promise.resolve(policy());

/**
 * The profiles whose shown rows are older than the policy's age: read from the cache at start (or loaded in an
 * earlier window), not loading, not failed (failures have their own backoff).
 */
export function profilesToRefresh(
  statuses: readonly InventoryStatus[],
  { enabled, ageMinutes }: RefreshOnOpen,
  now = Date.now(),
): string[] {
  if (!enabled) return [];
  const limit = now - ageMinutes * 60_000;
  return statuses
    .filter(
      (s) => (s.state === 'cached' || s.state === 'ok') && s.fetchedAt && Date.parse(s.fetchedAt) < limit,
    )
    .map((s) => s.profileId);
}
