import type { CheckId, ConnectionCheck, ConnectionVerdict } from '../../common/connection';
import { VantageError } from '../../common/errors';
import type { Profile, ProfileInput, ProfileView } from '../../common/profiles';
import type { CertificateInfo } from '../../common/tls';
import type { Connector, ConnectorFactory } from '../connectors/types';
import { createHttpClient, type HttpClient } from '../net/http-client';
import { fetchCertificate } from '../net/tls-trust';
import { toIpcError } from '../ipc/router';
import type { ProfileStore } from './profile-store';
import { editablePart, exportProfiles, parseImport } from './profile-transfer';
import { profileSecret } from './secret-source';
import type { SecretsService } from './secrets';
import type { VendorId } from '../../common/vendors';

export interface SecretChange {
  /** The new secret; `null` forgets it; absent keeps it. */
  secret?: string | null | undefined;
  keep?: 'keychain' | 'session' | undefined;
}

export interface ConnectionsOptions {
  store: ProfileStore;
  secrets: SecretsService;
  connectors: Readonly<Record<VendorId, ConnectorFactory>>;
}

const ORDER: CheckId[] = ['reachable', 'certificate', 'credentials', 'permissions', 'api'];

/** Which step of "Test connection" an error belongs to. */
function failedStep(code: string): CheckId {
  switch (code) {
    case 'UNREACHABLE':
    case 'TIMEOUT':
      return 'reachable';
    case 'CERT_UNTRUSTED':
    case 'CERT_CHANGED':
      return 'certificate';
    case 'AUTH_FAILED':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'SECRET_REQUIRED':
      return 'credentials';
    case 'PERMISSION_DENIED':
      return 'permissions';
    default:
      return 'api';
  }
}

const PASSED: Record<CheckId, string> = {
  reachable: 'The server answers.',
  certificate: 'The certificate is trusted.',
  credentials: 'Signed in.',
  permissions: 'Inventory can be read.',
  api: 'The API version is supported.',
};

/**
 * Connection profiles with their secrets and signed-in connectors: what the Profiles view drives. Connectors are
 * kept per profile so that sessions are reused, and dropped whenever the profile or its trust changes.
 */
export function createConnections(options: ConnectionsOptions) {
  const { store, secrets } = options;
  const live = new Map<string, Connector>();
  const clients = new Map<string, HttpClient[]>();

  const view = (profile: Profile): ProfileView => ({
    ...profile,
    vendor: profile.options.vendor,
    secret: secrets.inSession(profile.id) ? 'session' : profile.secretIn,
  });

  // Actions in flight keep their connector: editing a profile must not cut a VM stop in half. A forgotten
  // connector is closed when its last action ends.
  const inUse = new Map<Connector, number>();
  const retired = new Map<Connector, HttpClient[]>();
  const shut = async (connector: Connector | undefined, open: HttpClient[]): Promise<void> => {
    await connector?.close().catch(() => undefined);
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  };

  const forget = async (id: string): Promise<void> => {
    const connector = live.get(id);
    live.delete(id);
    const open = clients.get(id) ?? [];
    clients.delete(id);
    if (connector && inUse.has(connector)) retired.set(connector, open);
    else await shut(connector, open);
  };

  /** Runs work with a profile's connector, which stays open until the work is done. */
  const withConnector = async <T>(id: string, work: (connector: Connector) => Promise<T>): Promise<T> => {
    const held = connector(id);
    inUse.set(held, (inUse.get(held) ?? 0) + 1);
    try {
      return await work(held);
    } finally {
      const left = (inUse.get(held) ?? 1) - 1;
      if (left > 0) inUse.set(held, left);
      else {
        inUse.delete(held);
        const open = retired.get(held);
        if (open) {
          retired.delete(held);
          await shut(held, open);
        }
      }
    }
  };

  const connector = (id: string): Connector => {
    const existing = live.get(id);
    if (existing) return existing;
    const profile = store.get(id);
    const created = options.connectors[profile.options.vendor]({
      profile,
      secret: () => profileSecret(secrets, store.get(id)),
      http: (o = {}) => {
        const client = createHttpClient({
          baseUrl: o.baseUrl ?? profile.baseUrl,
          tls: profile.tls,
          label: o.label ?? profile.name,
        });
        clients.set(id, [...(clients.get(id) ?? []), client]);
        return client;
      },
      remember: (change) => store.patch(id, change),
    });
    live.set(id, created);
    return created;
  };

  const applySecret = async (id: string, change: SecretChange): Promise<void> => {
    if (change.secret === undefined) return;
    if (change.secret === null) {
      await secrets.remove(id).catch(() => undefined);
      store.patch(id, (p) => ({ ...p, secretIn: 'none' }));
      return;
    }
    const where = await secrets.put(id, change.secret, change.keep ?? 'keychain');
    store.patch(id, (p) => ({ ...p, secretIn: where === 'keychain' ? 'keychain' : 'none' }));
  };

  return {
    list: (): ProfileView[] => store.list().map(view),
    get: (id: string): ProfileView => view(store.get(id)),
    connector,
    withConnector,

    async create(input: ProfileInput, change: SecretChange): Promise<ProfileView> {
      const profile = store.create(input);
      try {
        await applySecret(profile.id, change);
      } catch (error) {
        // All or nothing: a profile whose secret could not be kept is not half-created.
        store.remove(profile.id);
        throw error;
      }
      return view(store.get(profile.id));
    },

    async update(id: string, input: ProfileInput, change: SecretChange): Promise<ProfileView> {
      store.update(id, input);
      await forget(id);
      await applySecret(id, change);
      return view(store.get(id));
    },

    duplicate(id: string): ProfileView {
      const source = editablePart(store.get(id));
      return view(store.create({ ...source, name: `${source.name} (copy)` }));
    },

    async remove(id: string): Promise<void> {
      await forget(id);
      store.remove(id);
      await secrets.remove(id).catch(() => undefined);
    },

    exportJson(ids?: readonly string[]): { fileName: string; json: string } {
      const chosen = ids ? ids.map((id) => store.get(id)) : store.list();
      return {
        fileName: `vantage-profiles-${new Date().toISOString().slice(0, 10)}.json`,
        json: `${JSON.stringify(exportProfiles(chosen), null, 2)}\n`,
      };
    },

    importJson(text: string): ProfileView[] {
      return store.addAll(parseImport(text)).map(view);
    },

    /** Pins the certificate the server presents now, if it is the one the user saw (same fingerprint). */
    async trust(id: string, fingerprint256: string): Promise<ProfileView> {
      const profile = store.get(id);
      const presented = await fetchCertificate(new URL(profile.baseUrl));
      if (presented.fingerprint256 !== fingerprint256)
        throw new VantageError(
          'CERT_CHANGED',
          'The server now presents a different certificate from the one you were shown. Nothing was trusted.',
          { certificate: presented },
        );
      await forget(id);
      return view(
        store.patch(id, (p) => ({
          ...p,
          tls: {
            ...p.tls,
            pinnedFingerprint256: presented.fingerprint256,
            pinnedCertificatePem: presented.pem,
          },
        })),
      );
    },

    async test(id: string): Promise<ConnectionVerdict> {
      const testedAt = new Date().toISOString();
      try {
        const probe = await connector(id).test();
        return {
          ok: true,
          checks: ORDER.map((step) => ({
            id: step,
            status: 'ok',
            message: step === 'api' && probe.apiVersion ? `API ${probe.apiVersion}.` : PASSED[step],
          })),
          ...probe,
          testedAt,
        };
      } catch (error) {
        await forget(id);
        const ipc = toIpcError(error);
        const failed = failedStep(ipc.code);
        const checks: ConnectionCheck[] = ORDER.map((step) => {
          const index = ORDER.indexOf(step);
          const at = ORDER.indexOf(failed);
          if (index < at) return { id: step, status: 'ok', message: PASSED[step] };
          if (index === at) return { id: step, status: 'failed', message: ipc.message };
          return { id: step, status: 'skipped', message: 'Not checked.' };
        });
        const certificate = (ipc.details as { certificate?: CertificateInfo } | undefined)?.certificate;
        return { ok: false, checks, error: ipc, ...(certificate ? { certificate } : {}), testedAt };
      }
    },

    async close(): Promise<void> {
      await Promise.all([...live.keys()].map((id) => forget(id)));
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;
