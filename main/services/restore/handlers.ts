import type { VantageContract } from '../../../common/contract';
import type { restoreRequests } from '../../../common/contract/restore';
import type { RequestHandlers } from '../../ipc/router';
import type { Restore } from '.';

/** The `restore.*` channels, merged into the backend's handlers. */
export function restoreHandlers(
  restore: Restore,
): Pick<RequestHandlers<VantageContract>, keyof typeof restoreRequests> {
  return {
    'restore.recoveries': (filters) => restore.recoveries(filters),
    'restore.recovery': ({ profileId, recoveryId }) => restore.recovery(profileId, recoveryId),
    'restore.searchFiles': ({ text, profileIds }) => restore.searchFiles(text, profileIds),
    'restore.objects': ({ text, protectedOnly, profileIds }) =>
      restore.objects(text, protectedOnly ?? false, profileIds),
    'restore.snapshots': ({ profileId, objectId, from, to }) =>
      restore.snapshots(profileId, objectId, from, to),
    'restore.restorePoints': ({ profileId, ...request }) => restore.restorePoints(profileId, request),
    'restore.createDownload': (request) => restore.createDownload(request),
    'restore.recreate': ({ profileId, recoveryId }) => restore.recreate(profileId, recoveryId),
    'restore.cancel': ({ profileId, recoveryId }) => restore.cancel(profileId, recoveryId),
  };
}
