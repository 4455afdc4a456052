import * as z from 'zod';

import { event, request } from '../ipc';
import type { Task } from '../inventory';

const profileId = z.uuid();
const recoveryId = z.string().min(1).max(300);
const objectId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.iso.datetime();

/** A file or folder of a recovery, with where its copy stands (`Finished`, `CopyInProgress`, …). */
export interface RecoveryFile {
  path: string;
  isDirectory: boolean;
  status?: string;
  messages: string[];
}

/** One recovery of one IBM profile, as the Recoveries view shows it. */
export interface RecoveryItem {
  id: string;
  profileId: string;
  profileName: string;
  name: string;
  /** The vendor's recovery action: `DownloadFilesAndFolders`, `RecoverFiles`, … */
  action: string;
  /** `kPhysical`, … */
  environment: string;
  /** The vendor's status: `Accepted`, `Running`, `Succeeded`, `SucceededWithWarning`, `Failed`, `Canceled`, … */
  status: string;
  startedAt?: string;
  endedAt?: string;
  /** 0..100: the share of selected files copied. */
  percent?: number;
  bytesRestored?: number;
  objectId?: number;
  objectName?: string;
  snapshotId?: string;
  snapshotTakenAt?: string;
  protectionGroupName?: string;
  user?: string;
  files: RecoveryFile[];
  messages: string[];
  /** The download link of a download-files-and-folders recovery. */
  download?: { expiresAt?: string; expired: boolean };
}

export interface RestoreFailure {
  profileId: string;
  profileName: string;
  message: string;
}

export interface RecoveriesListing {
  recoveries: RecoveryItem[];
  failures: RestoreFailure[];
}

/** A file or folder name found in the index of a host's backups. */
export interface IndexedHit {
  profileId: string;
  profileName: string;
  name: string;
  /** The whole path, what a recovery selects. */
  path: string;
  isDirectory: boolean;
  objectId: number;
  objectName: string;
  osType?: string;
  protectionGroupId?: string;
  protectionGroupName?: string;
}

export interface FileSearchResult {
  hits: IndexedHit[];
  /** Matches in all, when the index found more than were returned. */
  total: number;
  failures: RestoreFailure[];
}

/** One snapshot of an object: a point it can be restored from. */
export interface SnapshotPoint {
  id: string;
  objectId: number;
  takenAt: string;
  runStartedAt?: string;
  runType?: string;
  protectionGroupId?: string;
  protectionGroupName?: string;
  indexingStatus?: string;
  expiresAt?: string;
}

/** A restore point as the vendor lists it for protection groups (full snapshots; no snapshot id). */
export interface RestorePoint {
  objectId: number;
  objectName?: string;
  protectionGroupId?: string;
  runStartedAt: string;
}

/** An object (host) found by name, protected or not. */
export interface RestoreObject {
  profileId: string;
  profileName: string;
  id: number;
  name: string;
  environment?: string;
  osType?: string;
  protectionGroups: string[];
}

export const RecoveryFiltersSchema = z
  .object({
    profileIds: z.array(profileId).max(1000).optional(),
    statuses: z.array(z.string().min(1).max(40)).max(20).optional(),
    actions: z.array(z.string().min(1).max(60)).max(20).optional(),
    environments: z.array(z.string().min(1).max(40)).max(20).optional(),
    from: time.optional(),
    to: time.optional(),
  })
  .strict();
export type RecoveryFilters = z.infer<typeof RecoveryFiltersSchema>;

const selection = z.object({ path: z.string().min(1).max(4096), isDirectory: z.boolean() }).strict();

export const CreateDownloadSchema = z
  .object({
    profileId,
    snapshotId: z.string().min(1).max(4096),
    objectName: z.string().min(1).max(255).optional(),
    items: z.array(selection).min(1).max(1000),
  })
  .strict();
export type CreateDownload = z.infer<typeof CreateDownloadSchema>;

/** What starting a recovery answers: the recovery as created, and the task that follows it to its end. */
export interface StartedRecovery {
  recovery: RecoveryItem;
  task: Task;
}

/** IBM file restore (seed 004): recoveries, indexed-file search, snapshots and restore points. */
export const restoreRequests = {
  'restore.recoveries': request<RecoveriesListing>()(
    RecoveryFiltersSchema,
    'The recoveries of every IBM profile (or those given), filtered by status, action, environment and start time.',
  ),
  'restore.recovery': request<RecoveryItem>()(
    z.object({ profileId, recoveryId }).strict(),
    'One recovery with its per-file progress and messages.',
  ),
  'restore.searchFiles': request<FileSearchResult>()(
    z
      .object({
        text: z.string().trim().min(1).max(255),
        profileIds: z.array(profileId).max(1000).optional(),
      })
      .strict(),
    'Files and folders whose name matches (`*` wildcards) in the indexed backups of every IBM profile.',
  ),
  'restore.objects': request<RestoreObject[]>()(
    z
      .object({
        text: z.string().trim().max(255),
        protectedOnly: z.boolean().optional(),
        profileIds: z.array(profileId).max(1000).optional(),
      })
      .strict(),
    'Objects (hosts) whose name matches, or only protected ones.',
  ),
  'restore.snapshots': request<SnapshotPoint[]>()(
    z.object({ profileId, objectId, from: time.optional(), to: time.optional() }).strict(),
    'The snapshots of one object over a time range, newest first.',
  ),
  'restore.restorePoints': request<RestorePoint[]>()(
    z
      .object({
        profileId,
        protectionGroupIds: z.array(z.string().min(1).max(300)).min(1).max(100),
        objectId: objectId.optional(),
        from: time,
        to: time,
      })
      .strict(),
    'Full-snapshot restore points of protection groups over a time range.',
  ),
  'restore.createDownload': request<StartedRecovery>()(
    CreateDownloadSchema,
    'Creates a download-files-and-folders recovery (a task followed to its end, audited).',
  ),
  'restore.recreate': request<StartedRecovery>()(
    z.object({ profileId, recoveryId }).strict(),
    'Creates a download recovery again from an expired one: same object and selections, same snapshot or the newest.',
  ),
  'restore.cancel': request<Task>()(
    z.object({ profileId, recoveryId }).strict(),
    'Cancels a running recovery (a task followed until it is canceled, audited).',
  ),
} as const;

export const restoreEvents = {
  'restore.changed': event<{ profileId: string; recoveryId: string }>(
    'A recovery started, progressed or ended through Vantage: re-read it.',
  ),
} as const;
