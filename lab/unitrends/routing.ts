import type { HttpMethod, LabRequest, LabResponse, LabRouter } from '../core/types';
import type { UnitrendsSessions, UnitrendsUser } from './auth';

export type Handler = (req: LabRequest, user: UnitrendsUser) => LabResponse | Promise<LabResponse>;
export type Route = (method: HttpMethod, path: string, handler: Handler) => void;

/**
 * Registers `/api<path>/` (how the pstoolkit writes paths, slash before the query) and `/api<path>`, behind the
 * `AuthToken` check. Anything but a GET changes something, so monitor-only users are refused it.
 */
export function apiRoutes(router: LabRouter, sessions: UnitrendsSessions): Route {
  return (method, path, handler) => {
    const guarded = sessions.guard(handler, method !== 'GET');
    router.on(method, `/api${path}`, guarded);
    router.on(method, `/api${path}/`, guarded);
  };
}
