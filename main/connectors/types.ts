import type { Profile } from '../../common/profiles';
import type { HttpClient } from '../net/http-client';

/** What a connector gets: its profile, the secret on demand (never stored in the connector), and HTTP clients. */
export interface ConnectorContext {
  profile: Profile;
  /** Resolves the profile's secret (keychain or session); undefined when none was saved. */
  secret: () => Promise<string | undefined>;
  /** An HTTP client with the profile's TLS trust; `baseUrl` defaults to the profile's. */
  http: (options?: { baseUrl?: string; label?: string }) => HttpClient;
  /** Records what the connector learnt about the server (e.g. which vCenter API answered). */
  remember: (change: (profile: Profile) => Profile) => void;
}

export interface ConnectionProbe {
  apiVersion?: string;
  /** Who we are signed in as, e.g. "administrator@vsphere.local". */
  identity?: string;
}

/** One signed-in conversation with one upstream system. */
export interface Connector {
  /** Signs in (re-using a live session) and makes one harmless call that needs read permissions. */
  test(): Promise<ConnectionProbe>;
  /** Signs out where the vendor has a session, and releases sockets. */
  close(): Promise<void>;
}

export type ConnectorFactory = (context: ConnectorContext) => Connector;
