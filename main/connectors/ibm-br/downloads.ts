import type { DownloadSource } from '../../../common/contract/downloads';
import { VantageError } from '../../../common/errors';
import { expectOk } from '../auth';
import type { DownloadFacts, DownloadOperations, StreamedBytes } from '../downloads';
import type { HttpRequest, HttpResponse } from '../../net/http-client';
import { ibmMessage, type IbmApi } from './api';

/** The most one `download-files` / `download-file` call may ask for (ibm-backup-recovery.md §10). */
export const IBM_MAX_CHUNK = 8 * 1024 * 1024;
/** One chunk may take long on a slow link; a whole installer longer still. */
const CHUNK_TIMEOUT_MS = 120_000;
const WHOLE_TIMEOUT_MS = 30 * 60_000;
const INSTALLER_LIMIT = 2 * 1024 * 1024 * 1024;

interface RecoveryRecord {
  name?: string;
  physicalParams?: {
    objects?: { bytesRestored?: number | string }[];
    downloadFileAndFolderParams?: { expiryTimeUsecs?: number | string; downloadFilePath?: string };
  };
}

const lastSegment = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

/** `attachment; filename="x"` or `filename*=UTF-8''x`, as sent; undefined when absent. */
export function dispositionName(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(value);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Malformed escapes: the plain form below, if any.
    }
  }
  const plain = /filename\s*=\s*"?([^";]*)"?/i.exec(value);
  return plain?.[1] || undefined;
}

/**
 * IBM's three byte sources (seed 004): a recovery's output and a snapshot's file by `startOffset`/`length`, an agent
 * installer in one stream. The bytes go through the profile's signed-in client, so an IAM token renewed between two
 * chunks (on 401 or near its expiry) is used by the next one.
 */
export function createIbmDownloads(api: IbmApi): DownloadOperations {
  const recoveryOf = (id: string): Promise<RecoveryRecord> =>
    api.call<RecoveryRecord>({ method: 'GET', path: `data-protect/recoveries/${encodeURIComponent(id)}` });

  const refusal = (source: DownloadSource, response: HttpResponse): never => {
    if (response.status === 404 && source.kind === 'recovery')
      throw new VantageError(
        'NOT_FOUND',
        `The download link of recovery ${source.recoveryId} has expired (or the recovery is gone): ${api.label} no longer serves its files. Create the recovery again from the Recoveries view, then download it.`,
        { status: 404, linkExpired: true, said: ibmMessage(response) },
      );
    return expectOk(response, api.label, ibmMessage) as never;
  };

  /** A body cut short by the network reads as complete to the client: its declared length says otherwise. */
  const checkComplete = (response: HttpResponse, received: number): void => {
    const header = response.headers['content-length'];
    if (header !== undefined && Number(header) !== received)
      throw new VantageError(
        'UNREACHABLE',
        `${api.label} sent ${received} of the ${String(header)} bytes it announced: the answer was cut short.`,
      );
  };

  const streamBytes = async (
    source: DownloadSource,
    request: HttpRequest,
    write: (piece: Buffer, at: number) => Promise<void>,
  ): Promise<StreamedBytes> => {
    const response = await api.http.send({ ...request, sink: write });
    if (response.sunk === undefined) return refusal(source, response);
    checkComplete(response, response.sunk);
    const fileName = dispositionName(response.headers['content-disposition']);
    return fileName ? { received: response.sunk, fileName } : { received: response.sunk };
  };

  return {
    async describe(source): Promise<DownloadFacts> {
      if (source.kind === 'snapshot-file') return { fileName: lastSegment(source.filePath), ranged: true };
      if (source.kind === 'agent-installer')
        return {
          fileName: `agent-${source.platform}${source.packageType ? `-${source.packageType}` : ''}`,
          ranged: false,
        };
      const record = await recoveryOf(source.recoveryId);
      const params = record.physicalParams?.downloadFileAndFolderParams;
      const restored = record.physicalParams?.objects?.reduce(
        (sum, o) => sum + Number(o.bytesRestored ?? 0),
        0,
      );
      const expiry = Number(params?.expiryTimeUsecs);
      return {
        fileName: params?.downloadFilePath
          ? lastSegment(params.downloadFilePath)
          : `${record.name ?? source.recoveryId}`,
        ranged: true,
        ...(restored ? { sizeHint: restored } : {}),
        ...(Number.isFinite(expiry) && expiry > 0 ? { expiresAt: Math.floor(expiry / 1000) } : {}),
      };
    },

    range(source, offset, length, signal, write) {
      const query = { startOffset: offset, length: Math.min(length, IBM_MAX_CHUNK) };
      const common = {
        method: 'GET' as const,
        timeoutMs: CHUNK_TIMEOUT_MS,
        maxBodyBytes: IBM_MAX_CHUNK,
        signal,
      };
      if (source.kind === 'recovery')
        return streamBytes(
          source,
          {
            ...common,
            path: `data-protect/recoveries/${encodeURIComponent(source.recoveryId)}/download-files`,
            query,
          },
          write,
        );
      if (source.kind === 'snapshot-file')
        return streamBytes(
          source,
          {
            ...common,
            path: `data-protect/snapshots/${encodeURIComponent(source.snapshotId)}/download-file`,
            query: { filePath: source.filePath, ...query },
          },
          write,
        );
      throw new VantageError('UNSUPPORTED', 'An agent installer comes in one stream, without offsets.');
    },

    whole(source, signal, write) {
      if (source.kind !== 'agent-installer')
        throw new VantageError('UNSUPPORTED', 'This download is fetched by ranges, not in one stream.');
      return streamBytes(
        source,
        {
          method: 'POST',
          path: 'data-protect/agents/download',
          headers: { accept: 'application/octet-stream' },
          json: {
            platform: source.platform,
            ...(source.platform === 'kLinux'
              ? { linuxParams: { packageType: source.packageType ?? 'kScript' } }
              : {}),
          },
          // Downloading an installer twice changes nothing upstream.
          idempotent: true,
          timeoutMs: WHOLE_TIMEOUT_MS,
          maxBodyBytes: INSTALLER_LIMIT,
          signal,
        },
        write,
      );
    },
  };
}
