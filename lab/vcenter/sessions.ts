import type { IncomingHttpHeaders } from 'node:http';

import { parseBasicAuth, createTokenStore } from '../core/auth';
import type { LabClock } from '../core/clock';
import type { FaultConfig } from '../core/faults';
import { VapiError, message } from './errors';
import type { FlavourId } from './flavour';

/** The contract does not give the idle timeout; 30 minutes is what vCenter's SDK sessions use. */
export const DEFAULT_IDLE_TIMEOUT_SEC = 30 * 60;
export const SESSION_HEADER = 'vmware-api-session-id';

export interface DemoUser {
  login: string;
  password: string;
  /** How `GET session` reports the user. */
  principal: string;
  /** A read-only role: every operation that changes something answers 403 UNAUTHORIZED. */
  readOnly: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    login: 'administrator@vsphere.local',
    password: 'Vantage-Demo-1!',
    principal: 'VSPHERE.LOCAL\\Administrator',
    readOnly: false,
  },
  {
    login: 'readonly@vsphere.local',
    password: 'Vantage-Read-1!',
    principal: 'VSPHERE.LOCAL\\readonly',
    readOnly: true,
  },
];

export interface Session {
  token: string;
  user: DemoUser;
  createdAt: number;
  lastAccessedAt: number;
  /** Idle timeout fixed when the session was created (the fault may change later). */
  idleSec: number;
}

export interface SessionManager {
  /** Basic credentials to a new session id; throws 401 UNAUTHENTICATED. */
  login(headers: IncomingHttpHeaders, flavour: FlavourId): Session;
  /** The session named by the header (or cookie); each use restarts the idle timeout. Throws 401. */
  authenticate(headers: IncomingHttpHeaders, flavour: FlavourId): Session;
  info(session: Session): { user: string; created_time: string; last_accessed_time: string };
  logout(session: Session): void;
}

/** `/api` message ids seen with UNAUTHENTICATED (vsphere-automation-sdk-python #435); `/rest` as in the 6.0 fixture. */
export function unauthenticated(flavour: FlavourId): VapiError {
  return flavour === 'api'
    ? new VapiError(
        'UNAUTHENTICATED',
        [message('com.vmware.vapi.endpoint.method.authentication.required', 'Authentication required.')],
        { challenge: 'Basic realm="VAPI endpoint"' },
      )
    : new VapiError('UNAUTHENTICATED', [
        message('vapi.method.authentication.required', 'This method requires authentication.'),
      ]);
}

function sessionIdFrom(headers: IncomingHttpHeaders): string | undefined {
  const header = headers[SESSION_HEADER];
  if (typeof header === 'string' && header) return header;
  // Browsers use the cookie the login set; a header always wins.
  const cookie = /(?:^|;\s*)vmware-api-session-id=([^;]+)/.exec(headers.cookie ?? '');
  return cookie?.[1];
}

export function createSessionManager(clock: LabClock, faults: () => FaultConfig): SessionManager {
  // 16 random bytes: the 32 hex digits of a real session id.
  const store = createTokenStore<Session>(clock, 16);
  return {
    login(headers, flavour) {
      const basic = parseBasicAuth(headers.authorization);
      const user = DEMO_USERS.find(
        (u) => u.login.toLowerCase() === basic?.username.toLowerCase() && u.password === basic.password,
      );
      if (!user) throw unauthenticated(flavour);
      const idleSec = faults().tokenLifetimeSec ?? DEFAULT_IDLE_TIMEOUT_SEC;
      const now = clock.now();
      const session: Session = { token: '', user, createdAt: now, lastAccessedAt: now, idleSec };
      session.token = store.issue(session, idleSec).token;
      return session;
    },
    authenticate(headers, flavour) {
      const checked = store.check(sessionIdFrom(headers));
      if (!checked.ok) throw unauthenticated(flavour);
      const session = checked.subject;
      session.lastAccessedAt = clock.now();
      store.touch(session.token, session.idleSec);
      return session;
    },
    info: (session) => ({
      user: session.user.principal,
      created_time: new Date(session.createdAt).toISOString(),
      last_accessed_time: new Date(session.lastAccessedAt).toISOString(),
    }),
    logout(session) {
      store.revoke(session.token);
    },
  };
}
