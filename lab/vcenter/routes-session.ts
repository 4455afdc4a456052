import { done, result, type Call, type Endpoint } from './endpoints';
import { SESSION_HEADER, type Session, type SessionManager } from './sessions';

/** Login, session info and logout (four-vendors.md §4.2). */

const SESSION_PATH = { rest: '/com/vmware/cis/session', api: '/session' };

function sessionOf(call: Call): Session {
  if (!call.session) throw new Error('session operation declared without a session');
  return call.session;
}

export function sessionEndpoints(sessions: SessionManager): Endpoint[] {
  return [
    {
      method: 'POST',
      path: SESSION_PATH,
      session: false,
      handler: ({ req, flavour }) => {
        const session = sessions.login(req.headers, flavour.id);
        // Browsers get a cookie; API clients say `vmware-use-header-authn` and use the header only.
        const headers = req.headers['vmware-use-header-authn']
          ? undefined
          : { 'set-cookie': `${SESSION_HEADER}=${session.token};Path=${flavour.prefix};Secure;HttpOnly` };
        return result(session.token, true, headers);
      },
    },
    {
      method: { rest: 'POST', api: 'GET' },
      path: SESSION_PATH,
      action: { rest: 'get' },
      handler: (call) => result(sessions.info(sessionOf(call))),
    },
    {
      method: 'DELETE',
      path: SESSION_PATH,
      handler: (call) => {
        sessions.logout(sessionOf(call));
        return done;
      },
    },
  ];
}
