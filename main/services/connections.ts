import { randomUUID } from 'node:crypto';

import type { CheckId, ConnectionCheck, ConnectionVerdict } from '../../common/connection';
import { VantageError } from '../../common/errors';
import {
  insecureWithoutOptIn,
  type Profile,
  type ProfileInput,
  type ProfileView,
} from '../../common/profiles';
import type { CertificateInfo, TlsSettings } from '../../common/tls';
import type { Connector, ConnectorFactory } from '../connectors/types';
import { createHttpClient, type HttpClient } from '../net/http-client';
import { TEST_DEADLINE_MS, withOperation } from '../net/operation';
import { fetchCertificate } from '../net/tls-trust';
import { toIpcError } from '../ipc/router';
import type { ProfileStore } from './profile-store';
import { editablePart, exportProfiles, parseImport } from './profile-transfer';
import { sameSecretEndpoints } from './secret-binding';
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
    secret: secrets.inSession(profile.id) ? 'session' : profile.secretMissing ? 'missing' : profile.secretIn,
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
    if (insecureWithoutOptIn(profile))
      throw new VantageError(
        'INVALID_ARGUMENT',
        `“${profile.name}” uses an unencrypted address (http://). Edit it to use https://, or tick “Allow unencrypted connection” to send its secret in clear.`,
        { id },
      );
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

  // Ids whose secret and record are being written: start-up reconciliation leaves them alone (a create's item exists
  // a moment before its record does).
  const writing = new Map<string, number>();
  const whileWriting = async <T>(id: string, work: () => Promise<T>): Promise<T> => {
    writing.set(id, (writing.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (writing.get(id) ?? 1) - 1;
      if (left > 0) writing.set(id, left);
      else writing.delete(id);
    }
  };
  const countsOnKeychain = (id: string): boolean =>
    store.list().some((p) => p.id === id && p.secretIn === 'keychain');

  /** Keeps a new secret first, so that a record never says "keychain" for an item that was not written. */
  const keepSecret = async (
    id: string,
    change: SecretChange,
  ): Promise<Pick<Profile, 'secretIn'> | undefined> => {
    if (typeof change.secret !== 'string') return undefined;
    const where = await secrets.put(id, change.secret, change.keep ?? 'keychain');
    return { secretIn: where === 'keychain' ? 'keychain' : 'none' };
  };

  /** Main's own trust decisions (a confirmed pin or CA): sessions made under the old trust are dropped. */
  const setTls = async (id: string, change: (tls: TlsSettings) => TlsSettings): Promise<ProfileView> => {
    await forget(id);
    return view(store.patch(id, (p) => ({ ...p, tls: change(p.tls) })));
  };

  return {
    list: (): ProfileView[] => store.list().map(view),
    get: (id: string): ProfileView => view(store.get(id)),
    connector,
    withConnector,

    /**
     * Whole or absent: the keychain item is written first, then the record in one atomic save. A crash between the
     * two leaves only an item no record counts on, which `reconcile` removes at the next start. `trusted` is main's
     * own trust decision (the demo lab's certificate, made in this process); the renderer cannot pass it.
     */
    async create(input: ProfileInput, change: SecretChange, trusted?: TlsSettings): Promise<ProfileView> {
      const id = randomUUID();
      return whileWriting(id, async () => {
        const kept = await keepSecret(id, change);
        try {
          return view(store.create(input, { id, ...kept, ...(trusted ? { tls: trusted } : {}) }));
        } catch (error) {
          if (kept) await secrets.remove(id).catch(() => undefined);
          throw error;
        }
      });
    },

    /**
     * A saved secret is bound to the endpoints it was saved for: an edit that moves them forgets it, unless the user
     * enters a secret in the same change.
     */
    async update(
      id: string,
      input: ProfileInput,
      change: SecretChange,
      trusted?: TlsSettings,
    ): Promise<ProfileView> {
      const moved = !sameSecretEndpoints(store.get(id), input);
      const forgetOld = change.secret === null || (moved && change.secret === undefined);
      return whileWriting(id, async () => {
        const kept = await keepSecret(id, change);
        await forget(id);
        const owned = {
          ...(forgetOld ? { secretIn: 'none' as const } : {}),
          ...(kept ?? {}),
          ...(forgetOld || kept ? { secretMissing: false } : {}),
          ...(trusted ? { tls: trusted } : {}),
        };
        const updated = store.update(id, input, owned);
        // After the record stops counting on it: a crash in between leaves an orphan item, removed at start.
        if (forgetOld) await secrets.remove(id).catch(() => undefined);
        return view(updated);
      });
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
      return setTls(id, (tls) => ({
        ...tls,
        pinnedFingerprint256: presented.fingerprint256,
        pinnedCertificatePem: presented.pem,
      }));
    },

    setTls,

    async test(id: string): Promise<ConnectionVerdict> {
      const testedAt = new Date().toISOString();
      try {
        const probe = await withOperation('Test connection', TEST_DEADLINE_MS, () => connector(id).test());
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

    /**
     * Start-up repair after a crash: a keychain item no record counts on is removed, and a record whose item is gone
     * says "secret needed" instead of pretending to have one. Returns the ids whose view changed.
     */
    async reconcile(): Promise<string[]> {
      const saved = new Set(await secrets.savedProfileIds());
      const changed: string[] = [];
      for (const profile of store.list()) {
        if (profile.secretIn !== 'keychain' || writing.has(profile.id)) continue;
        // Listed items can lag a write that just happened: a direct read confirms before saying "missing".
        const missing = !saved.has(profile.id) && (await secrets.get(profile.id)) === undefined;
        if (missing === Boolean(profile.secretMissing) || writing.has(profile.id)) continue;
        store.patch(profile.id, (p) => ({ ...p, secretMissing: missing }));
        changed.push(profile.id);
      }
      for (const id of saved)
        if (!writing.has(id) && !secrets.inSession(id) && !countsOnKeychain(id))
          await secrets.remove(id).catch(() => undefined);
      return changed;
    },

    async close(): Promise<void> {
      await Promise.all([...live.keys()].map((id) => forget(id)));
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;
