import type { RequestHandlers } from '../../ipc/router';
import type { VantageContract } from '../../../common/contract';
import { VantageError } from '../../../common/errors';
import type { downloadsRequests } from '../../../common/contract/downloads';

/** Placeholder until the download manager lands (issue 13): every command says so in words. */
export function downloadsHandlers(): Pick<RequestHandlers<VantageContract>, keyof typeof downloadsRequests> {
  const refuse = (): never => {
    throw new VantageError('UNSUPPORTED', 'The download manager is not built in this version of Vantage.');
  };
  return {
    'downloads.list': () => [],
    'downloads.enqueue': refuse,
    'downloads.pause': refuse,
    'downloads.resume': refuse,
    'downloads.cancel': refuse,
    'downloads.retry': refuse,
    'downloads.remove': refuse,
    'downloads.showInFolder': refuse,
    'downloads.open': refuse,
  };
}
