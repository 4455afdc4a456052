import type { HttpMethod, LabRequest, LabResponse, LabRouter, RouteHandler } from '../core/types';
import type { ComoditAuth, ComoditUser } from './auth';

export type AuthedHandler = (req: LabRequest, user: ComoditUser) => LabResponse | Promise<LabResponse>;
export type Route = (method: HttpMethod, path: string, handler: AuthedHandler) => void;

/**
 * Registers `/api<path>` with and without the trailing slash: comodit-client adds one to collections and entities,
 * the docs and action URLs have none. Every route needs credentials.
 */
export function authedRoutes(router: LabRouter, auth: ComoditAuth): Route {
  return (method, path, handler) => {
    const wrapped: RouteHandler = (req) => {
      const user = auth.authenticate(req);
      return user.ok ? handler(req, user.value) : user.response;
    };
    router.on(method, `/api${path}`, wrapped);
    router.on(method, `/api${path}/`, wrapped);
  };
}
