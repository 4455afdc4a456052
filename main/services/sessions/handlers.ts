import type { VantageContract } from '../../../common/contract';
import type { sessionsRequests } from '../../../common/contract/sessions';
import type { RequestHandlers } from '../../ipc/router';
import type { Sessions } from '.';
import type { DrTests } from './dr-test';

type SessionsHandlers = Pick<RequestHandlers<VantageContract>, keyof typeof sessionsRequests>;

/** The `sessions.*` channels, merged into the backend's handlers. */
export function sessionsHandlers(sessions: Sessions, dr: DrTests): SessionsHandlers {
  return {
    'sessions.list': () => sessions.list(),
    'sessions.details': ({ id }) => sessions.details(id),
    'sessions.run': (request) => sessions.run(request),
    'sessions.candidates': () => sessions.candidates(),
    'sessions.targets': ({ candidateId }) => sessions.targets(candidateId),
    'sessions.backups': ({ candidateId }) => sessions.backups(candidateId),
    'sessions.start': (request) => sessions.start(request),
    'sessions.drStart': (request) => dr.start(request),
    'sessions.drCancel': ({ id }) => {
      dr.cancel(id);
      return null;
    },
    'sessions.drReports': () => dr.list(),
    'sessions.drExport': ({ id, format }) => dr.export(id, format),
  };
}
