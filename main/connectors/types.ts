import type { ActionOutcome, ActionProgress, ActionSpec, Machine } from '../../common/machines';
import type { Profile } from '../../common/profiles';
import type {
  RecoveryBackup,
  RecoveryCandidate,
  RecoverySession,
  RecoveryTarget,
  StartRecovery,
} from '../../common/sessions';
import type { HttpClient } from '../net/http-client';
import type { DownloadOperations } from './downloads';
import type { GuestOperations } from './guest';
import type { InstanceOperations } from './instances';
import type { StatusSides } from '../../common/contract/status-sides';
import type { PartialListing } from './partial';
import type { RestoreOperations } from './restore';
import type { ProtectionAdminOperations } from './protection-admin';
import type { ProtectionOperations } from './protection';

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

/** A machine's VNC console as its vendor tells it; connectors never open it themselves (the consoles service does). */
export interface VncConsole {
  kind: 'vnc';
  host: string;
  port: number;
  /** RFB inside TLS (none of the vendors so far). */
  tls?: boolean;
  /** A password the vendor handed out with the endpoint (ComodIT's token): tried first, never sent to the page. */
  password?: string;
}

/** A console another application opens, from a one-time URL that must not reach the page (vCenter's VMRC ticket). */
export interface ExternalConsole {
  kind: 'external';
  url: string;
  application: string;
}

export type ConsoleEndpoint = VncConsole | ExternalConsole;

export interface ConnectionProbe {
  apiVersion?: string;
  /** Who we are signed in as, e.g. "administrator@vsphere.local". */
  identity?: string;
}

/** One signed-in conversation with one upstream system. */
export interface Connector {
  /** Signs in (re-using a live session) and makes one harmless call that needs read permissions. */
  test(): Promise<ConnectionProbe>;
  /**
   * Reads every machine of this system, handing over each page as soon as it is mapped (the inventory streams
   * them to the window). Resolves when the listing is complete, or with `partial` when some reads failed in passing
   * (the machines handed over are real, others are missing); throws a VantageError when it cannot list at all.
   */
  listMachines(
    onPage: (machines: Machine[]) => void,
    signal: AbortSignal,
  ): Promise<void | { partial?: PartialListing }>;
  /** Every vendor record about one machine, for the detail pane. */
  details(machine: Machine): Promise<Record<string, unknown>>;
  /** What the machine's current state allows (pure: no network). Empty for systems without power control. */
  actions(machine: Machine): ActionSpec[];
  /**
   * Performs an action and follows it to its end (vendor task polling, state polling, or the synchronous answer).
   * Options were validated against the action's spec. Aborting the signal cancels where the vendor allows it (then
   * throws CANCELLED). Failures throw a VantageError whose message is a plain sentence and whose details keep the
   * vendor's raw answer.
   */
  perform(
    machine: Machine,
    actionId: string,
    options: Record<string, unknown>,
    progress: (update: ActionProgress) => void,
    signal: AbortSignal,
  ): Promise<ActionOutcome>;
  /**
   * Where the machine's console is, asked when the user opens it (tickets and ports are short-lived). Absent when
   * the vendor has no console API (Danube Cloud, IBM); common/consoles.ts says so to the user.
   */
  console?(machine: Machine): Promise<ConsoleEndpoint>;
  /** Programs and files inside the guest (vCenter through VMware Tools); absent where the vendor has none. */
  guest?: GuestOperations;
  /** A host's instance record and its properties (ComodIT); absent elsewhere. */
  instances?: InstanceOperations;
  /** The status a system records next to the one its node reports now (Danube); absent elsewhere. */
  statusSides?(machine: Machine): Promise<StatusSides>;
  /** Instant recovery and replicas, where the vendor has them (Unitrends). */
  recovery?: RecoveryConnector;
  /** File restore: recoveries, indexed search, snapshots (IBM). */
  restore?: RestoreOperations;
  /** Byte downloads (IBM: recovery outputs, snapshot files, agent installers); absent elsewhere. */
  downloads?: DownloadOperations;
  /** Policies, sources, connections, connectors and agent upgrades (IBM Backup and Recovery). */
  protectionAdmin?: ProtectionAdminOperations;
  /** Protection groups, runs and retention (IBM). */
  protection?: ProtectionOperations;
  /** Signs out where the vendor has a session, and releases sockets. */
  close(): Promise<void>;
}

/** A vendor's instant-recovery sessions and replicas (the Sessions view and the DR test). */
export interface RecoveryConnector {
  listSessions(): Promise<RecoverySession[]>;
  /** The session as it is now; undefined once it is gone. */
  readSession(id: string): Promise<RecoverySession | undefined>;
  /** The vendor's records of one session (details, state, backup history). */
  sessionRecords(session: RecoverySession): Promise<Record<string, unknown>>;
  /** What the session's type and state allow (pure). */
  actions(session: RecoverySession): ActionSpec[];
  /** Makes the call; the service follows the session to its end. Refusals throw in the vendor's words. */
  perform(session: RecoverySession, actionId: string, options: Record<string, unknown>): Promise<void>;
  candidates(): Promise<RecoveryCandidate[]>;
  targets(candidate: RecoveryCandidate): Promise<RecoveryTarget[]>;
  /** The candidate's backups, newest first. */
  backups(candidate: RecoveryCandidate): Promise<RecoveryBackup[]>;
  /** Starts a session; resolves with its id as `listSessions` gives it. */
  start(candidate: RecoveryCandidate, request: StartRecovery): Promise<string>;
}

export type ConnectorFactory = (context: ConnectorContext) => Connector;
