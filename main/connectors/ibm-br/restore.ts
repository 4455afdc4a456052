import type { RecoveryFile, RestorePoint, SnapshotPoint } from '../../../common/contract/restore';
import type { RecoveryQuery, RestoreOperations, VendorHit, VendorObject, VendorRecovery } from '../restore';
import type { IbmApi } from './api';
import type { Int64, ObjectSummary } from './wire';

/* File restore on IBM Backup and Recovery (seed 004; ibm-backup-recovery.md §9): recoveries, the indexed-file search,
   object snapshots and restore points. Every field of an answer may be missing. */

interface WireFile {
  absolutePath?: string;
  isDirectory?: boolean;
  status?: string;
  messages?: string[] | null;
}
interface WireRecoveryObject {
  snapshotId?: string;
  protectionGroupName?: string;
  snapshotCreationTimeUsecs?: number;
  objectInfo?: ObjectSummary;
  bytesRestored?: number;
}
interface WireRecovery {
  id?: string;
  name?: string;
  status?: string;
  recoveryAction?: string;
  snapshotEnvironment?: string;
  startTimeUsecs?: number;
  endTimeUsecs?: number;
  messages?: string[] | null;
  creationInfo?: { userName?: string };
  physicalParams?: {
    objects?: WireRecoveryObject[] | null;
    downloadFileAndFolderParams?: { expiryTimeUsecs?: number; filesAndFolders?: WireFile[] | null };
    recoverFileAndFolderParams?: { filesAndFolders?: WireFile[] | null };
  };
}
interface WireIndexedFile {
  name?: string;
  path?: string;
  type?: string;
  protectionGroupId?: string;
  protectionGroupName?: string;
  sourceInfo?: ObjectSummary;
}
interface WireSnapshot {
  id?: string;
  objectId?: Int64;
  snapshotTimestampUsecs?: number;
  runStartTimeUsecs?: number;
  runType?: string;
  protectionGroupId?: string;
  protectionGroupName?: string;
  indexingStatus?: string;
  expiryTimeUsecs?: number;
}
interface WireObject extends ObjectSummary {
  objectProtectionInfos?: { protectionGroups?: { name?: string }[] | null }[] | null;
  latestSnapshotsInfo?: { protectionGroupName?: string }[] | null;
}

const iso = (usecs: number | undefined): string | undefined =>
  usecs === undefined ? undefined : new Date(Math.floor(usecs / 1000)).toISOString();
const usecs = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms * 1000);
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const FINISHED_FILE = new Set(['Finished']);
const DONE = new Set(['Succeeded', 'SucceededWithWarning', 'Failed', 'Canceled']);

function mapFiles(files: readonly WireFile[]): RecoveryFile[] {
  return files.map((f) =>
    defined({
      path: f.absolutePath ?? '',
      isDirectory: f.isDirectory ?? false,
      status: f.status,
      messages: f.messages ?? [],
    }),
  );
}

/** The wire recovery in the view's words; `now` decides whether its download link has expired. */
export function mapRecovery(wire: WireRecovery, now = Date.now()): VendorRecovery {
  const params = wire.physicalParams;
  const object = params?.objects?.[0];
  const download = params?.downloadFileAndFolderParams;
  const files = mapFiles(
    download?.filesAndFolders ?? params?.recoverFileAndFolderParams?.filesAndFolders ?? [],
  );
  const status = wire.status ?? 'Unknown';
  const finished = files.filter((f) => FINISHED_FILE.has(f.status ?? '')).length;
  const expiresAt = iso(download?.expiryTimeUsecs);
  return defined({
    id: wire.id ?? '',
    name: wire.name ?? wire.id ?? '',
    action: wire.recoveryAction ?? '',
    environment: wire.snapshotEnvironment ?? '',
    status,
    startedAt: iso(wire.startTimeUsecs),
    endedAt: iso(wire.endTimeUsecs),
    percent: DONE.has(status) || files.length === 0 ? undefined : Math.round((100 * finished) / files.length),
    bytesRestored: object?.bytesRestored,
    objectId: object?.objectInfo?.id === undefined ? undefined : Number(object.objectInfo.id),
    objectName: object?.objectInfo?.name,
    snapshotId: object?.snapshotId,
    snapshotTakenAt: iso(object?.snapshotCreationTimeUsecs),
    protectionGroupName: object?.protectionGroupName,
    user: wire.creationInfo?.userName,
    files,
    messages: wire.messages ?? [],
    download: download
      ? defined({
          expiresAt,
          expired: expiresAt !== undefined && Date.parse(expiresAt) <= now,
        })
      : undefined,
  });
}

function mapSnapshot(wire: WireSnapshot): SnapshotPoint {
  return defined({
    id: wire.id ?? '',
    objectId: Number(wire.objectId ?? 0),
    takenAt: iso(wire.snapshotTimestampUsecs ?? wire.runStartTimeUsecs) ?? '',
    runStartedAt: iso(wire.runStartTimeUsecs),
    runType: wire.runType,
    protectionGroupId: wire.protectionGroupId,
    protectionGroupName: wire.protectionGroupName,
    indexingStatus: wire.indexingStatus,
    expiresAt: iso(wire.expiryTimeUsecs),
  });
}

function mapHit(wire: WireIndexedFile): VendorHit {
  const dir = wire.path ?? '';
  const name = wire.name ?? '';
  return defined({
    name,
    // The index answers the parent folder in `path` and the name apart.
    path: dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`,
    isDirectory: wire.type === 'Directory',
    objectId: Number(wire.sourceInfo?.id ?? 0),
    objectName: wire.sourceInfo?.name ?? '',
    osType: wire.sourceInfo?.osType,
    protectionGroupId: wire.protectionGroupId,
    protectionGroupName: wire.protectionGroupName,
  });
}

function mapObject(wire: WireObject): VendorObject {
  const groups = [
    ...(wire.objectProtectionInfos ?? []).flatMap((info) => (info.protectionGroups ?? []).map((g) => g.name)),
    ...(wire.latestSnapshotsInfo ?? []).map((s) => s.protectionGroupName),
  ].filter((name): name is string => !!name);
  return defined({
    id: Number(wire.id ?? 0),
    name: wire.name ?? '',
    environment: wire.environment,
    osType: wire.osType,
    protectionGroups: [...new Set(groups)],
  });
}

const HITS_PER_PAGE = 1000;

export function createIbmRestore(api: IbmApi): RestoreOperations {
  return {
    async listRecoveries(query: RecoveryQuery) {
      const answer = await api.call<{ recoveries?: WireRecovery[] | null }>({
        method: 'GET',
        path: 'data-protect/recoveries',
        query: defined({
          status: query.statuses?.length ? [...query.statuses] : undefined,
          recoveryActions: query.actions?.length ? [...query.actions] : undefined,
          snapshotEnvironments: query.environments?.length ? [...query.environments] : undefined,
          startTimeUsecs: usecs(query.from),
          endTimeUsecs: usecs(query.to),
        }),
      });
      const now = Date.now();
      return (answer?.recoveries ?? []).map((r) => mapRecovery(r, now));
    },

    async getRecovery(id) {
      try {
        return mapRecovery(
          await api.call<WireRecovery>({
            method: 'GET',
            path: `data-protect/recoveries/${encodeURIComponent(id)}`,
          }),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
        throw error;
      }
    },

    async createDownload({ name, snapshotId, items }) {
      const created = await api.call<WireRecovery>({
        method: 'POST',
        path: 'data-protect/recoveries/download-files-folders',
        json: {
          name,
          object: { snapshotId },
          filesAndFolders: items.map((item) => ({ absolutePath: item.path, isDirectory: item.isDirectory })),
        },
      });
      return mapRecovery(created);
    },

    async cancelRecovery(id) {
      await api.call({ method: 'POST', path: `data-protect/recoveries/${encodeURIComponent(id)}/cancel` });
    },

    async searchFiles(text, limit) {
      const hits: VendorHit[] = [];
      let total = 0;
      let cookie: string | undefined;
      do {
        const answer = await api.call<{
          count?: number;
          paginationCookie?: string;
          files?: WireIndexedFile[] | null;
        }>({
          method: 'POST',
          path: 'data-protect/search/indexed-objects',
          // A search changes nothing: safe to send again after a dropped connection.
          idempotent: true,
          json: {
            objectType: 'Files',
            count: Math.min(HITS_PER_PAGE, limit - hits.length),
            fileParams: { searchString: text, types: ['File', 'Directory'] },
            ...(cookie ? { paginationCookie: cookie } : {}),
          },
        });
        total = answer?.count ?? total;
        hits.push(...(answer?.files ?? []).map(mapHit));
        cookie = answer?.paginationCookie;
      } while (cookie && hits.length < limit);
      return { hits, total: Math.max(total, hits.length) };
    },

    async searchObjects(text, protectedOnly) {
      const searchString = text.trim() || undefined;
      if (protectedOnly) {
        const answer = await api.call<{ objects?: WireObject[] | null }>({
          method: 'GET',
          path: 'data-protect/search/protected-objects',
          query: defined({ searchString, environments: ['kPhysical'] }),
        });
        return (answer?.objects ?? []).map(mapObject);
      }
      const answer = await api.call<{ objects?: WireObject[] | null }>({
        method: 'GET',
        path: 'data-protect/search/objects',
        query: defined({ searchString }),
      });
      return (answer?.objects ?? []).map(mapObject);
    },

    async snapshots(objectId, from, to) {
      const answer = await api.call<{ snapshots?: WireSnapshot[] | null }>({
        method: 'GET',
        path: `data-protect/objects/${objectId}/snapshots`,
        query: defined({ fromTimeUsecs: usecs(from), toTimeUsecs: usecs(to) }),
      });
      return (answer?.snapshots ?? [])
        .map(mapSnapshot)
        .sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
    },

    async restorePoints({ protectionGroupIds, objectId, from, to }) {
      const answer = await api.call<{
        fullSnapshotInfo?: {
          restoreInfo?: {
            objectInfo?: ObjectSummary;
            protectionGroupId?: string;
            runStartTimeUsecs?: number;
          };
        }[];
      }>({
        method: 'POST',
        path: 'data-protect/snapshots/restore-points',
        idempotent: true,
        json: {
          startTimeUsecs: from * 1000,
          endTimeUsecs: to * 1000,
          environment: 'kPhysical',
          protectionGroupIds,
          ...(objectId === undefined ? {} : { sourceId: objectId }),
        },
      });
      return (answer?.fullSnapshotInfo ?? [])
        .map(({ restoreInfo: info }): RestorePoint =>
          defined({
            objectId: Number(info?.objectInfo?.id ?? 0),
            objectName: info?.objectInfo?.name,
            protectionGroupId: info?.protectionGroupId,
            runStartedAt: iso(info?.runStartTimeUsecs) ?? '',
          }),
        )
        .sort((a, b) => Date.parse(b.runStartedAt) - Date.parse(a.runStartedAt));
    },
  };
}
