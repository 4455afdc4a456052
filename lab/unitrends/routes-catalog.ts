import type { UnitrendsData } from './data';
import { handlerError } from './errors';
import { systemsFor } from './lookup';
import type { Route } from './routing';
import { catalogBackupJson } from './views';

/** `start_date`: Unix seconds or an ISO date; the catalog keeps backups that started then or later. */
function startOf(raw: string | null): number | undefined | Error {
  if (raw === null || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  return Number.isFinite(ms) ? ms : new Error(`Invalid start date: ${raw}.`);
}

/**
 * `GET /api/catalog/?sid=&start_date=` (four-vendors.md §3.6; shape as pstoolkit `Get-UebCatalog` reads it:
 * `catalog[].instances[]` with `client_id`, `client_name` and `backups[]`).
 */
export function catalogRoutes(route: Route, data: UnitrendsData): void {
  route('GET', '/catalog', (req) => {
    const systems = systemsFor(data, req);
    if (!systems.ok) return systems.response;
    const since = startOf(req.query.get('start_date'));
    if (since instanceof Error) return handlerError(since.message);
    const catalog = systems.value.map((system) => ({
      system_id: system.id,
      system_name: system.name,
      instances: (data.candidatesBySystem.get(system.id) ?? []).map((c) => ({
        instance_id: c.clientId,
        client_id: c.clientId,
        client_name: c.name,
        system_name: system.name,
        backups: c.backupIds
          .map((id) => catalogBackupJson(c, id, data.epoch))
          .filter((b) => since === undefined || b.start_date * 1000 >= since),
      })),
    }));
    return { status: 200, body: { catalog } };
  });
}
