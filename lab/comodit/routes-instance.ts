import type { LabContext, LabRequest, LabResponse } from '../core/types';
import type { ComoditUser } from './auth';
import type { ComoditData, Host, Instance, Property } from './data';
import { comoditError, found, refused, type Found } from './errors';
import { lookupHost, lookupInstance, requireWriter } from './lookup';
import { HOST } from './routes-entities';
import type { Route } from './routing';
import {
  ACTIONS,
  adopt,
  beginAction,
  dropInstance,
  provision,
  refuseAction,
  settle,
  shownState,
} from './state';
import { instanceJson } from './views';

const INSTANCE = `${HOST}/instance`;

/** A writer's host with no instance yet (provisioning and fake provisioning). */
function hostWithoutInstance(
  data: ComoditData,
  user: ComoditUser,
  req: LabRequest,
  now: number,
): Found<Host> {
  const writer = requireWriter(user);
  if (!writer.ok) return writer;
  const host = lookupHost(data, user, req);
  if (!host.ok) return host;
  if (settle(host.value, now)) return refused(409, `Host ${host.value.name} already has an instance`);
  return host;
}

/** A writer's existing instance (actions, delete, lock). */
function writableInstance(
  data: ComoditData,
  user: ComoditUser,
  req: LabRequest,
  now: number,
): Found<{ host: Host; instance: Instance }> {
  const writer = requireWriter(user);
  return writer.ok ? lookupInstance(data, user, req, now) : writer;
}

/** The body of POST .../instance/properties: a list of `{key, value}` strings. */
function parseProperties(body: unknown): Found<Property[]> {
  const valid =
    Array.isArray(body) &&
    body.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as Record<string, unknown>).key === 'string' &&
        typeof (p as Record<string, unknown>).value === 'string',
    );
  if (!valid) return refused(400, 'The body must be a list of {"key": string, "value": string} properties');
  return found((body as Property[]).map(({ key, value }) => ({ key, value })));
}

const VNC_STATES = new Set(['RUNNING', 'PAUSED']);

/** GET .../instance/vnc: `{token, hostname, port}` with the port as a string (fixture instance_vnc_get.json). */
async function vnc(ctx: LabContext, host: Host, instance: Instance): Promise<LabResponse> {
  const state = shownState(instance);
  if (!VNC_STATES.has(state))
    return comoditError(409, `No console: the instance of ${host.name} is ${state}`);
  try {
    const endpoint = await ctx.consoles.open(
      `comodit:${host.org.name}/${host.env.name}/${host.name}`,
      host.name,
    );
    // The token's use is undocumented; handing out the VNC password is what lets a viewer in.
    return {
      status: 200,
      body: { token: endpoint.password, hostname: endpoint.host, port: String(endpoint.port) },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return comoditError(500, `Console unavailable: ${message}`);
  }
}

export function instanceRoutes(route: Route, data: ComoditData, ctx: LabContext): void {
  const now = (): number => ctx.clock.now();

  route('GET', INSTANCE, (req, user) => {
    const target = lookupInstance(data, user, req, now());
    return target.ok
      ? { status: 200, body: instanceJson(target.value.host, target.value.instance) }
      : target.response;
  });

  route('POST', INSTANCE, (req, user) => {
    const host = hostWithoutInstance(data, user, req, now());
    if (!host.ok) return host.response;
    return { status: 200, body: instanceJson(host.value, provision(host.value, ctx.clock)) };
  });

  route('POST', `${INSTANCE}/properties`, (req, user) => {
    const host = hostWithoutInstance(data, user, req, now());
    if (!host.ok) return host.response;
    const properties = parseProperties(req.body);
    if (!properties.ok) return properties.response;
    return { status: 200, body: instanceJson(host.value, adopt(host.value, properties.value)) };
  });

  route('DELETE', INSTANCE, (req, user) => {
    const target = writableInstance(data, user, req, now());
    if (!target.ok) return target.response;
    if (target.value.instance.locked)
      return comoditError(409, `The instance of ${target.value.host.name} is locked`);
    dropInstance(target.value.host);
    return { status: 200 };
  });

  route('GET', `${INSTANCE}/vnc`, (req, user) => {
    const target = lookupInstance(data, user, req, now());
    return target.ok ? vnc(ctx, target.value.host, target.value.instance) : target.response;
  });

  for (const action of Object.keys(ACTIONS)) {
    route('PUT', `${INSTANCE}/${action}`, (req, user) => {
      const target = writableInstance(data, user, req, now());
      if (!target.ok) return target.response;
      const refusal = refuseAction(target.value.instance, action);
      if (refusal) return comoditError(409, refusal);
      beginAction(target.value.instance, action, ctx.clock);
      return { status: 202 };
    });
  }

  route('PUT', `${INSTANCE}/_forget`, (req, user) => {
    const target = writableInstance(data, user, req, now());
    if (!target.ok) return target.response;
    dropInstance(target.value.host);
    return { status: 202 };
  });

  for (const [path, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const) {
    route('POST', `${INSTANCE}/${path}`, (req, user) => {
      const target = writableInstance(data, user, req, now());
      if (!target.ok) return target.response;
      target.value.instance.locked = locked;
      return { status: 200 };
    });
  }
}
