import type { RecoveryBackup, RecoveryCandidate } from '../../../common/sessions';
import type { UnitrendsRead } from './inventory';

/** `GET /api/catalog` as pstoolkit `Get-UebCatalog` reads it: per system, instances with their backups. */
interface CatalogAnswer {
  catalog?: {
    system_id?: number;
    instances?: {
      client_id?: number;
      backups?: { id?: number; type?: string; start_date?: number | string }[];
    }[];
  }[];
}

/** Unix seconds (as the lab answers) or a date text, as an ISO time. */
function isoOf(value: number | string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * A client's backups from its system's catalog, newest first. The catalog has no client filter, so one read per
 * dialog choice: it lists every client of the system.
 */
export async function catalogBackups(
  read: UnitrendsRead,
  candidate: RecoveryCandidate,
): Promise<RecoveryBackup[]> {
  const answer = (await read('api/catalog', { sid: candidate.systemId })) as CatalogAnswer | undefined;
  const backups = (answer?.catalog ?? [])
    .flatMap((system) => system.instances ?? [])
    .filter((instance) => instance.client_id === candidate.clientId)
    .flatMap((instance) => instance.backups ?? [])
    .flatMap((b): RecoveryBackup[] => {
      if (typeof b.id !== 'number') return [];
      const startedAt = isoOf(b.start_date);
      return [{ id: b.id, type: b.type ?? 'Backup', ...(startedAt ? { startedAt } : {}) }];
    });
  return backups.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.id - a.id);
}
