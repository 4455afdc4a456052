import { randomBytes } from 'node:crypto';

import { oneOf, optString, reqString, requireBody } from './body';
import { assertUniqueName, badRequest, notFound } from './errors';
import { created, noContent, ok, param, type Route } from './http';
import { int64Digits } from './data';
import type { Connection, Connector } from './model';
import { stringList, within } from './query';
import type { IbmState } from './state';
import { connectionView, connectorView } from './views-connections';

/* Data-source connections (with registration tokens) and their connectors; base /v2, not /v2/data-protect. */

const ENV_TYPES = ['kIksVpc', 'kIksClassic', 'kRoksVpc', 'kRoksClassic'] as const;
const TOKEN_LIFETIME_SEC = 86_400;

function connection(state: IbmState, id: string): Connection {
  const found = state.connections.get(id);
  if (!found) throw notFound(`Data-source connection ${id} not found.`);
  return found;
}

function connector(state: IbmState, id: string): Connector {
  const found = state.connectors.get(id);
  if (!found) throw notFound(`Data-source connector ${id} not found.`);
  return found;
}

function uniqueConnectionName(state: IbmState, name: string, self?: Connection): string {
  assertUniqueName(state.connections.values(), (item) => item.name, name, self, 'Connection');
  return name;
}

/** A JWT-looking registration token that "expires, typically in a day". */
function registrationToken(state: IbmState, item: Connection): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(state.now() / 1000);
  const claims = { connectionId: item.id, tenantId: state.tenantId, iat, exp: iat + TOKEN_LIFETIME_SEC };
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.${randomBytes(32).toString('base64url')}`;
}

export function connectionRoutes(route: Route, state: IbmState): void {
  route('GET', '/data-source-connections', (req) => {
    const ids = stringList(req.query, 'connectionIds');
    const names = stringList(req.query, 'connectionNames');
    const connections = [...state.connections.values()].filter(
      (c) => within(ids, c.id) && within(names, c.name),
    );
    return ok({ connections: connections.map((c) => connectionView(state, c)) });
  });

  route('POST', '/data-source-connections', (req) => {
    const body = requireBody(req.body);
    const name = uniqueConnectionName(state, reqString(body, 'connectionName'));
    const envType = optString(body, 'connectionEnvType');
    const item: Connection = {
      id: int64Digits(state.rng.fork(`connection/${name}`)),
      name,
      ...(envType !== undefined ? { envType: oneOf(envType, ENV_TYPES, 'connectionEnvType') } : {}),
      connectorIds: [],
    };
    item.registrationToken = registrationToken(state, item);
    state.connections.set(item.id, item);
    return created(connectionView(state, item));
  });

  route('PATCH', '/data-source-connections/:connectionId', (req) => {
    const item = connection(state, param(req, 'connectionId'));
    item.name = uniqueConnectionName(state, reqString(requireBody(req.body), 'connectionName'), item);
    return ok(connectionView(state, item));
  });

  route('DELETE', '/data-source-connections/:connectionId', (req) => {
    const item = connection(state, param(req, 'connectionId'));
    if (item.connectorIds.length > 0)
      throw badRequest(
        `Connection ${item.name} still has ${item.connectorIds.length} connector(s); delete them first.`,
      );
    const users = [...state.hosts.values()].filter((host) => host.connectionId === item.id).length;
    if (users > 0) throw badRequest(`Connection ${item.name} is used by ${users} registered source(s).`);
    state.connections.delete(item.id);
    return noContent();
  });

  route('POST', '/data-source-connections/:connectionId/registrationToken', (req) => {
    const item = connection(state, param(req, 'connectionId'));
    item.registrationToken = registrationToken(state, item);
    // The body is the token itself, as a JSON string.
    return ok(item.registrationToken);
  });

  route('GET', '/data-source-connectors', (req) => {
    const ids = stringList(req.query, 'connectorIds');
    const names = stringList(req.query, 'connectorNames');
    const connectionId = req.query.get('connectionId') ?? undefined;
    const connectors = [...state.connectors.values()].filter(
      (c) =>
        within(ids, c.id) &&
        within(names, c.name) &&
        (connectionId === undefined || c.connectionId === connectionId),
    );
    return ok({ connectors: connectors.map((c) => connectorView(state, c)) });
  });

  route('GET', '/data-source-connectors/metadata', () =>
    ok({
      connectorImageMetadata: {
        connectorImageFileList: [
          {
            imageType: 'VSI',
            url: 'https://downloads.lab.vantage.invalid/connector/ibm-vsi-connector-7.2.2.qcow2',
          },
          {
            imageType: 'VMware',
            url: 'https://downloads.lab.vantage.invalid/connector/vmware-connector-7.2.2.ova',
          },
        ],
      },
    }),
  );

  route('PATCH', '/data-source-connectors/:connectorId', (req) => {
    const item = connector(state, param(req, 'connectorId'));
    item.name = reqString(requireBody(req.body), 'connectorName');
    return ok(connectorView(state, item));
  });

  route('DELETE', '/data-source-connectors/:connectorId', (req) => {
    const item = connector(state, param(req, 'connectorId'));
    state.connectors.delete(item.id);
    const owner = state.connections.get(item.connectionId);
    if (owner) owner.connectorIds = owner.connectorIds.filter((id) => id !== item.id);
    return noContent();
  });
}
