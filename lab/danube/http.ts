import type { HttpMethod, LabRequest, LabResponse, LabRouter } from '../core/types';
import { dcNotFound, DanubeError, errorBody, methodNotAllowed, notAuthenticated } from './errors';
import { DcAccess, type Dc, type User } from './model';
import { text } from './params';
import { json, type Caller } from './responses';
import type { DanubeState } from './state';

/** `core/version.py`, sent as `es_version` on every answer. */
export const ES_VERSION = '4.6';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** URL patterns of the path parameters (`api/vm/urls.py`, `api/task/urls.py`, `api/dc/urls.py`). */
const PARAM_PATTERNS: Readonly<Record<string, RegExp>> = {
  vm: /^[A-Za-z0-9._-]+$/,
  dc: /^[A-Za-z0-9._-]+$/,
  task: /^[A-Za-z0-9-]+$/,
};

/** One authenticated request, as a view sees it after DRF's checks and `@request_data`. */
export interface Call extends Caller {
  req: LabRequest;
  isAdmin: boolean;
  /** Query parameters for GET, the JSON body otherwise (`request_data`). */
  data: Record<string, unknown>;
}

export type View = (call: Call) => LabResponse | Promise<LabResponse>;

export interface EndpointOptions {
  /** `@request_data()`: the `dc` parameter or the /dc/<dc>/ prefix picks the DC (default true). */
  dcBound?: boolean;
  /** Also mounted under /api/dc/<dc>/ (`api/dc/urls.py` includes vm/ and task/). */
  dcPrefix?: boolean;
}

export interface Mount {
  api(path: string, views: Partial<Record<HttpMethod, View>>, options?: EndpointOptions): void;
  /** A view that runs without authentication (login); DRF still authenticates, so bad credentials refuse it. */
  anonymous(path: string, method: HttpMethod, view: (req: LabRequest, picked: Picked) => LabResponse): void;
}

/** What a view decided that the es_* headers report: the DC it ran in, the user who just logged in. */
interface Picked {
  dc?: Dc;
  user?: User;
}

export const isAdminIn = (user: User, dc: Dc): boolean => user.superAdmin || dc.owner === user;

export const canSeeDc = (user: User, dc: Dc): boolean =>
  user.superAdmin || dc.access === DcAccess.PUBLIC || dc.id === user.currentDcId || dc.owner === user;

/** `get_dc`: a DC the user may not see does not exist for them. */
function dcFor(state: DanubeState, user: User, name: string): Dc {
  const dc = state.dcsByName.get(name);
  if (!dc || !canSeeDc(user, dc)) throw dcNotFound();
  return dc;
}

function requestData(req: LabRequest): Record<string, unknown> {
  if (req.method === 'GET') return Object.fromEntries(req.query);
  // `request_data` swallows parse errors (a form body included): the view then sees no parameters at all.
  const isJson = String(req.headers['content-type'] ?? '').includes('json');
  const body = req.body;
  return isJson && body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** The `dc` parameter wins over the /dc/<dc>/ prefix (`data.get('dc', _dc_name)`); '' keeps the user's DC. */
function resolveDc(state: DanubeState, req: LabRequest, user: User, data: Record<string, unknown>): Dc {
  const current = state.dcsById.get(user.currentDcId) as Dc;
  const prefixed = req.path.startsWith('/api/dc/') ? req.params.dc : undefined;
  const name = 'dc' in data ? text(data.dc) : prefixed;
  return name && name !== current.name ? dcFor(state, user, name) : current;
}

const urlNotFound = (): LabResponse => json(404, errorBody('Not found'));

const badParam = (req: LabRequest): boolean =>
  Object.entries(req.params).some(([name, value]) => PARAM_PATTERNS[name]?.test(value ?? '') === false);

/** Django's APPEND_SLASH: a path that resolves only with a trailing slash is redirected there (301). */
function appendSlash(req: LabRequest): LabResponse {
  const query = req.query.toString();
  return {
    status: 301,
    headers: {
      location: `${req.path}/${query ? `?${query}` : ''}`,
      'content-type': 'text/html; charset=utf-8',
    },
    raw: Buffer.alloc(0),
  };
}

export function createMount(router: LabRouter, state: DanubeState): Mount {
  /** Settles finished tasks, runs the view, answers DanubeErrors as `{"detail"}`, and adds the es_* headers. */
  const serve = async (
    req: LabRequest,
    run: (user: User | undefined, picked: Picked) => LabResponse | Promise<LabResponse>,
  ): Promise<LabResponse> => {
    if (badParam(req)) return urlNotFound();
    state.tasks.settle();
    const picked: Picked = {};
    let user: User | undefined;
    let answer: LabResponse;
    try {
      user = state.auth.authenticate(req.headers);
      answer = await run(user, picked);
    } catch (error) {
      if (!(error instanceof DanubeError)) throw error;
      answer = json(error.status, errorBody(error.detail));
    }
    user = picked.user ?? user;
    const dc = picked.dc ?? state.dcsById.get(user?.currentDcId ?? 1);
    answer.headers = {
      ...answer.headers,
      es_version: ES_VERSION,
      es_username: user?.username ?? '',
      es_dc: dc?.name ?? '',
    };
    return answer;
  };

  const register = (path: string, handler: (req: LabRequest) => Promise<LabResponse>): void => {
    router.on([...METHODS], path, handler);
    router.on([...METHODS], path.slice(0, -1), (req) => (badParam(req) ? urlNotFound() : appendSlash(req)));
  };

  return {
    api(path, views, options = {}) {
      const handler = (req: LabRequest): Promise<LabResponse> =>
        serve(req, (user, picked) => {
          if (!user) throw notAuthenticated();
          const view = views[req.method as HttpMethod];
          if (!view) throw methodNotAllowed(req.method);
          const data = requestData(req);
          const dc =
            options.dcBound === false
              ? (state.dcsById.get(user.currentDcId) as Dc)
              : resolveDc(state, req, user, data);
          picked.dc = dc;
          return view({ req, state, user, dc, isAdmin: isAdminIn(user, dc), data });
        });
      register(path, handler);
      if (options.dcPrefix) register(path.replace(/^\/api\//, '/api/dc/:dc/'), handler);
    },
    anonymous(path, method, view) {
      register(path, (req) =>
        serve(req, (_user, picked) => {
          if (req.method !== method) throw methodNotAllowed(req.method);
          return view(req, picked);
        }),
      );
    },
  };
}
