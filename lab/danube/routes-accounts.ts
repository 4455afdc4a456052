import type { LabRequest } from '../core/types';
import { unsupportedMediaType } from './errors';
import type { Mount } from './http';
import { json } from './responses';
import type { DanubeState } from './state';

/**
 * The body of the login: DRF's JSONParser is the only parser, so a form body is refused with 415
 * (`api/views.py` `parser_classes = (JSONParser,)`; the login reads `request.data` directly).
 */
function loginBody(req: LabRequest): Record<string, unknown> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (req.rawBody.length === 0) return {};
  if (!contentType.includes('json')) throw unsupportedMediaType(contentType);
  const body = req.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

export function accountRoutes(mount: Mount, state: DanubeState): void {
  mount.anonymous('/api/accounts/login/', 'POST', (req, picked) => {
    const { answer, user } = state.auth.login(loginBody(req));
    // The login sets request.user, so its answer already names the user and their DC.
    picked.user = user;
    return json(200, answer);
  });
  mount.api(
    '/api/accounts/logout/',
    {
      GET: (call) => {
        state.auth.logout(call.req.headers);
        return json(200, { detail: 'Bye.' });
      },
    },
    { dcBound: false },
  );
}
