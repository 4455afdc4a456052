import type {
  ConnectionView,
  ConnectorView,
  RegistrationView,
} from '../../../common/contract/protection-admin';
import type { ProtectionAdminOperations, SourceFields } from '../protection-admin';
import { VantageError } from '../../../common/errors';
import { expectOk } from '../auth';
import { ibmMessage, type IbmApi } from './api';
import { exactInt, msecsToIso, secsToIso } from './exact';
import type { Int64, Registration } from './wire';

/*
 * Source registrations (`/data-protect/sources`), data-source connections and connectors (`/data-source-*`, base
 * `/v2`). Registrations carry int64 ids beyond 2^53 (`connectionId`, `connectorGroupId`): read as decimal strings,
 * they go back as exact JSON integers.
 */

type Json = Record<string, unknown>;

interface WireRegistration extends Registration {
  name?: string;
  environment?: string;
  authenticationStatus?: string;
  registrationTimeMsecs?: number;
  lastRefreshedTimeMsecs?: number;
  connectorGroupId?: Int64;
  physicalParams?: { endpoint?: string; hostType?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface WireConnection {
  connectionId?: Int64;
  connectionName?: string;
  connectionEnvType?: string;
  connectorIds?: Int64[] | null;
}

interface WireConnector {
  connectorId?: Int64;
  connectorName?: string;
  connectionId?: Int64;
  softwareVersion?: string;
  clusterSideIp?: string;
  tenantSideIp?: string;
  connectivityStatus?: { isConnected?: boolean; lastConnectedTimestampSecs?: number; message?: string };
  upgradeStatus?: { status?: string; message?: string };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function registrationView(wire: WireRegistration): RegistrationView {
  return defined({
    id: String(wire.id ?? ''),
    name: wire.name ?? wire.physicalParams?.endpoint ?? String(wire.id ?? ''),
    environment: wire.environment ?? '',
    endpoint: wire.physicalParams?.endpoint ?? wire.kubernetesParams?.endpoint,
    hostType: wire.physicalParams?.hostType,
    status: wire.authenticationStatus ?? 'Unknown',
    registeredAt: msecsToIso(wire.registrationTimeMsecs),
    lastRefreshedAt: msecsToIso(wire.lastRefreshedTimeMsecs),
    connectionId: wire.connectionId === undefined ? undefined : String(wire.connectionId),
  });
}

const connectionView = (wire: WireConnection): ConnectionView =>
  defined({
    // Only these fields: the listing also carries the connection's registration token, which stays here.
    id: String(wire.connectionId ?? ''),
    name: wire.connectionName ?? '',
    envType: wire.connectionEnvType,
    connectorIds: (wire.connectorIds ?? []).map(String),
  });

const connectorView = (wire: WireConnector): ConnectorView =>
  defined({
    id: String(wire.connectorId ?? ''),
    name: wire.connectorName ?? '',
    connectionId: wire.connectionId === undefined ? undefined : String(wire.connectionId),
    connected: wire.connectivityStatus?.isConnected === true,
    lastConnectedAt: secsToIso(wire.connectivityStatus?.lastConnectedTimestampSecs),
    message: wire.connectivityStatus?.message,
    softwareVersion: wire.softwareVersion,
    clusterSideIp: wire.clusterSideIp,
    tenantSideIp: wire.tenantSideIp,
    upgradeStatus: wire.upgradeStatus?.status,
    upgradeMessage: wire.upgradeStatus?.message,
  });

/** The `exp` claim of a JWT-looking token, as an ISO time; undefined when it has none. */
export function tokenExpiry(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? secsToIso(claims.exp) : undefined;
  } catch {
    return undefined;
  }
}

/** A registration body: the fields given, over the registration as it is (for PUT), int64 ids exact. */
function registrationBody(fields: SourceFields, existing?: WireRegistration): Json {
  const body: Json = {
    environment: existing?.environment ?? 'kPhysical',
    name: fields.name ?? existing?.name ?? fields.endpoint,
    connectionId: exactInt(fields.connectionId),
    physicalParams: {
      ...existing?.physicalParams,
      endpoint: fields.endpoint,
      hostType: fields.hostType,
      physicalType: existing?.physicalParams?.physicalType ?? 'kHost',
    },
  };
  // The connector group goes back as it was read when the connection is unchanged (an int64 beyond 2^53 too).
  if (existing?.connectorGroupId !== undefined && String(existing.connectionId) === fields.connectionId)
    body.connectorGroupId = exactInt(existing.connectorGroupId);
  return body;
}

export function createIbmSources(
  api: IbmApi,
): Pick<ProtectionAdminOperations, 'sources' | 'connections' | 'connectors'> {
  const registrationPath = (id: string) => `data-protect/sources/registrations/${encodeURIComponent(id)}`;
  const readRegistration = (id: string) =>
    api.call<WireRegistration>({ method: 'GET', path: registrationPath(id) });
  const connectionPath = (id: string) => `data-source-connections/${encodeURIComponent(id)}`;
  const connectorPath = (id: string) => `data-source-connectors/${encodeURIComponent(id)}`;

  return {
    sources: {
      async list() {
        const answer = await api.call<{ registrations?: WireRegistration[] | null }>({
          method: 'GET',
          path: 'data-protect/sources/registrations',
        });
        return (answer?.registrations ?? []).map(registrationView);
      },
      async register(fields) {
        const created = await api.call<WireRegistration>({
          method: 'POST',
          path: 'data-protect/sources/registrations',
          json: registrationBody(fields),
        });
        return registrationView(created);
      },
      async update(id, fields) {
        const existing = await readRegistration(id);
        const updated = await api.call<WireRegistration>({
          method: 'PUT',
          path: registrationPath(id),
          json: registrationBody(fields, existing),
        });
        return registrationView(updated);
      },
      async patch(id) {
        const existing = await readRegistration(id);
        const patched = await api.call<WireRegistration>({
          method: 'PATCH',
          path: registrationPath(id),
          json: { environment: existing.environment },
        });
        return registrationView(patched);
      },
      async refresh(id) {
        await api.call({ method: 'POST', path: `data-protect/sources/${encodeURIComponent(id)}/refresh` });
      },
      async unregister(id) {
        await api.call({ method: 'DELETE', path: registrationPath(id) });
      },
    },

    connections: {
      async list() {
        const answer = await api.call<{ connections?: WireConnection[] | null }>({
          method: 'GET',
          path: 'data-source-connections',
        });
        return (answer?.connections ?? []).map(connectionView);
      },
      async create(name) {
        return connectionView(
          await api.call<WireConnection>({
            method: 'POST',
            path: 'data-source-connections',
            json: { connectionName: name },
          }),
        );
      },
      async rename(id, name) {
        return connectionView(
          await api.call<WireConnection>({
            method: 'PATCH',
            path: connectionPath(id),
            json: { connectionName: name },
          }),
        );
      },
      async remove(id) {
        await api.call({ method: 'DELETE', path: connectionPath(id) });
      },
      async token(id) {
        // The answer is the token itself, as a JSON string (or plain text).
        const answer = expectOk(
          await api.http.send({ method: 'POST', path: `${connectionPath(id)}/registrationToken` }),
          api.label,
          ibmMessage,
        );
        const token = typeof answer.body === 'string' ? answer.body : answer.text.trim();
        if (token === '')
          throw new VantageError('UPSTREAM', `${api.label} answered without a registration token.`);
        const expiresAt = tokenExpiry(token);
        return expiresAt ? { token, expiresAt } : { token };
      },
    },

    connectors: {
      async list() {
        const [listing, metadata] = await Promise.all([
          api.call<{ connectors?: WireConnector[] | null }>({
            method: 'GET',
            path: 'data-source-connectors',
          }),
          api.call<{
            connectorImageMetadata?: {
              connectorImageFileList?: { imageType?: string; url?: string }[] | null;
            };
          }>({ method: 'GET', path: 'data-source-connectors/metadata' }),
        ]);
        return {
          connectors: (listing?.connectors ?? []).map(connectorView),
          images: (metadata?.connectorImageMetadata?.connectorImageFileList ?? []).map((image) => ({
            imageType: image.imageType ?? '',
            url: image.url ?? '',
          })),
        };
      },
      async rename(id, name) {
        return connectorView(
          await api.call<WireConnector>({
            method: 'PATCH',
            path: connectorPath(id),
            json: { connectorName: name },
          }),
        );
      },
      async remove(id) {
        await api.call({ method: 'DELETE', path: connectorPath(id) });
      },
    },
  };
}
