import type { HttpMethod, LabRequest, LabResponse, LabRouter } from '../core/types';
import { VapiError, vapiError } from './errors';
import { FLAVOURS, type Flavour, type FlavourId } from './flavour';
import type { Session, SessionManager } from './sessions';

/**
 * One operation, declared once and served in both flavours: the machinery below picks the flavour's path, method
 * and action, checks the session, and renders the outcome or the error in the flavour's envelope.
 */

/** The same in both flavours, or different; a flavour left out does not serve the operation. */
export type PerFlavour<T extends string> = T | { rest?: T; api?: T };

export type Outcome =
  { kind: 'result'; value: unknown; created?: boolean; headers?: Record<string, string> } | { kind: 'done' };

export const result = (value: unknown, created = false, headers?: Record<string, string>): Outcome => ({
  kind: 'result',
  value,
  created,
  ...(headers ? { headers } : {}),
});
export const done: Outcome = { kind: 'done' };

export interface Call {
  flavour: Flavour;
  req: LabRequest;
  /** The caller's session; only absent for operations declared with `session: false`. */
  session: Session | undefined;
}

export interface Endpoint {
  method: PerFlavour<HttpMethod>;
  /** Path after the flavour's prefix, in find-my-way syntax (`/vcenter/vm/:vm`). */
  path: PerFlavour<string>;
  /** The `action` query value that selects this operation (`?action=start`, `?~action=get`). */
  action?: PerFlavour<string>;
  /** False for the login itself. */
  session?: boolean;
  /** Changes something or runs code in a guest: refused to read-only users. */
  privileged?: boolean;
  handler(call: Call): Outcome | Promise<Outcome>;
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function pick<T extends string>(value: PerFlavour<T> | undefined, flavour: FlavourId): T | undefined {
  return typeof value === 'object' ? value[flavour] : value;
}

function unauthorized(session: Session): VapiError {
  return vapiError(
    'UNAUTHORIZED',
    'vapi.security.authorization.invalid',
    `User ${session.user.principal} does not have the privileges this operation requires.`,
    session.user.principal,
  );
}

interface Member {
  action: string | null;
  endpoint: Endpoint;
}

async function dispatch(
  flavour: Flavour,
  members: readonly Member[],
  sessions: SessionManager,
  req: LabRequest,
): Promise<LabResponse> {
  try {
    const wanted = flavour.action(req.query);
    const endpoint = members.find((m) => m.action === wanted)?.endpoint;
    if (!endpoint) throw flavour.unknownOperation(req.path);
    const session = endpoint.session === false ? undefined : sessions.authenticate(req.headers, flavour.id);
    if (endpoint.privileged && session?.user.readOnly) throw unauthorized(session);
    const outcome = await endpoint.handler({ flavour, req, session });
    return outcome.kind === 'done'
      ? flavour.done()
      : flavour.result(outcome.value, outcome.created ?? false, outcome.headers);
  } catch (error) {
    if (error instanceof VapiError) return flavour.error(error);
    throw error;
  }
}

/** Registers every endpoint in both flavours, plus a flavour-shaped 404 for anything else under each prefix. */
export function registerEndpoints(
  router: LabRouter,
  endpoints: readonly Endpoint[],
  sessions: SessionManager,
): void {
  for (const flavour of FLAVOURS) {
    const groups = new Map<string, { method: HttpMethod; path: string; members: Member[] }>();
    for (const endpoint of endpoints) {
      const method = pick(endpoint.method, flavour.id);
      const path = pick(endpoint.path, flavour.id);
      if (!method || !path) continue;
      const key = `${method} ${path}`;
      const group = groups.get(key) ?? { method, path: flavour.prefix + path, members: [] };
      group.members.push({ action: pick(endpoint.action, flavour.id) ?? null, endpoint });
      groups.set(key, group);
    }
    for (const { method, path, members } of groups.values())
      router.on(method, path, (req) => dispatch(flavour, members, sessions, req));
    router.on(ALL_METHODS, `${flavour.prefix}/*`, (req) => flavour.error(flavour.unknownOperation(req.path)));
  }
}
