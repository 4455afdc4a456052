import * as z from 'zod';

import { event, request } from '../ipc';

const profileId = z.uuid();
const downloadId = z.uuid();

/**
 * What a download fetches. Three IBM sources (seed 004): a download-files-and-folders recovery's output, one file of
 * an indexed snapshot, and an agent installer (a single stream without offsets).
 */
export const DownloadSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recovery'), profileId, recoveryId: z.string().min(1).max(300) }).strict(),
  z
    .object({
      kind: z.literal('snapshot-file'),
      profileId,
      snapshotId: z.string().min(1).max(4096),
      filePath: z.string().min(1).max(4096),
    })
    .strict(),
  z
    .object({
      kind: z.literal('agent-installer'),
      profileId,
      platform: z.enum(['kWindows', 'kLinux']),
      packageType: z.enum(['kScript', 'kRPM', 'kSuseRPM', 'kPowerPCRPM', 'kDEB']).optional(),
    })
    .strict(),
]);
export type DownloadSource = z.infer<typeof DownloadSourceSchema>;

export type DownloadState =
  'queued' | 'running' | 'paused' | 'verifying' | 'completed' | 'failed' | 'cancelled';

/** One download as the Downloads view shows it; main owns the bytes, the `.part` file and the state file. */
export interface DownloadItem {
  id: string;
  source: DownloadSource;
  profileName: string;
  /** The name it is saved under (made safe; "name (1).ext" when the name was taken). */
  fileName: string;
  /** The folder it is saved in. */
  folder: string;
  state: DownloadState;
  /** Total bytes once known. */
  size?: number;
  /** What the upstream said it would weigh, before the end is known (progress and ETA are estimates then). */
  expectedSize?: number;
  received: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** Hex SHA-256 of the finished file. */
  sha256?: string;
  /** What was checked at the end, in words (size, archive structure). */
  verified?: string;
  error?: { code: string; message: string; linkExpired?: boolean };
  createdAt: string;
  finishedAt?: string;
}

/** The download manager (main/services/downloads/): the renderer only shows it and sends commands. */
export const downloadsRequests = {
  'downloads.list': request<DownloadItem[]>()(z.undefined(), 'Every download: queued, running, finished.'),
  'downloads.enqueue': request<DownloadItem>()(
    z.object({ source: DownloadSourceSchema }).strict(),
    'Queues a download into the downloads folder chosen in Settings.',
  ),
  'downloads.pause': request<DownloadItem>()(z.object({ id: downloadId }).strict(), 'Pauses a download.'),
  'downloads.resume': request<DownloadItem>()(
    z.object({ id: downloadId }).strict(),
    'Resumes a paused download where it stopped.',
  ),
  'downloads.cancel': request<DownloadItem>()(
    z.object({ id: downloadId }).strict(),
    'Cancels a download and deletes its partial file.',
  ),
  'downloads.retry': request<DownloadItem>()(
    z.object({ id: downloadId }).strict(),
    'Starts a failed download again, keeping the chunks it has.',
  ),
  'downloads.remove': request<null>()(
    z.object({ id: downloadId }).strict(),
    'Removes a finished, failed or cancelled download from the list (the file stays).',
  ),
  'downloads.showInFolder': request<null>()(
    z.object({ id: downloadId }).strict(),
    'Shows a finished download in the system file manager.',
  ),
  'downloads.open': request<null>()(
    z.object({ id: downloadId }).strict(),
    'Opens a finished download with the system’s application for it.',
  ),
} as const;

export const downloadsEvents = {
  'downloads.changed': event<DownloadItem>('A download progressed or changed state.'),
  'downloads.removed': event<{ id: string }>('A download left the list.'),
} as const;
