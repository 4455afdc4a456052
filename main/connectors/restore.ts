import type {
  IndexedHit,
  RecoveryFile,
  RecoveryItem,
  RestoreObject,
  RestorePoint,
  SnapshotPoint,
} from '../../common/contract/restore';

type Own<T> = Omit<T, 'profileId' | 'profileName'>;
/** What a connector knows of a recovery; the service adds the profile. */
export type VendorRecovery = Own<RecoveryItem>;
export type VendorHit = Own<IndexedHit>;
export type VendorObject = Own<RestoreObject>;

export interface RecoveryQuery {
  statuses?: readonly string[] | undefined;
  actions?: readonly string[] | undefined;
  environments?: readonly string[] | undefined;
  /** Started at or after / at or before (ms since the epoch). */
  from?: number | undefined;
  to?: number | undefined;
}

/** File restore of a backup vendor (IBM seed 004): recoveries, indexed search, snapshots, restore points. */
export interface RestoreOperations {
  listRecoveries(query: RecoveryQuery): Promise<VendorRecovery[]>;
  /** Undefined when the vendor no longer knows it. */
  getRecovery(id: string): Promise<VendorRecovery | undefined>;
  /** Creates a download-files-and-folders recovery; resolves with it as created. */
  createDownload(request: {
    name: string;
    snapshotId: string;
    items: readonly Pick<RecoveryFile, 'path' | 'isDirectory'>[];
  }): Promise<VendorRecovery>;
  cancelRecovery(id: string): Promise<void>;
  /** Indexed files and folders whose name matches (`*` wildcards), at most `limit`; `total` counts them all. */
  searchFiles(text: string, limit: number): Promise<{ hits: VendorHit[]; total: number }>;
  searchObjects(text: string, protectedOnly: boolean): Promise<VendorObject[]>;
  /** Snapshots of one object, newest first; times in ms since the epoch. */
  snapshots(objectId: number, from?: number, to?: number): Promise<SnapshotPoint[]>;
  restorePoints(request: {
    protectionGroupIds: readonly string[];
    objectId?: number | undefined;
    from: number;
    to: number;
  }): Promise<RestorePoint[]>;
}
