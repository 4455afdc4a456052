import type { LabResponse } from '../core/types';
import { oneOf, optObject, reqString, requireBody } from './body';
import { contentKey, fileLayout, layoutStream, type Layout } from './content';
import { indexedFileLayout, recoveryOutput, syntheticLayout } from './downloads';
import { badRequest, IbmError, notFound } from './errors';
import { param, type Route } from './http';
import { fileCatalogue } from './files';
import { int } from './query';
import { recovery } from './routes-recoveries';
import type { IbmState } from './state';
import { downloadFileName, recoveryStatus } from './views-recovery';

/*
 * Byte downloads: agent installers, a recovery's output and single files of indexed snapshots. Ranges are query
 * parameters (`startOffset`, `length` at most 8 MiB), not HTTP Range; bodies are streamed from the keyed content.
 */

export const MAX_CHUNK = 8 * 1024 * 1024;
const AGENT_SIZE = 3 * 1024 * 1024 + 4321;

function range(query: URLSearchParams, size: number): { start: number; end: number } {
  const start = int(query, 'startOffset') ?? 0;
  const length = int(query, 'length');
  if (start < 0) throw badRequest(`startOffset must not be negative, got ${start}`);
  if (length !== undefined && length < 0) throw badRequest(`length must not be negative, got ${length}`);
  if (length !== undefined && length > MAX_CHUNK)
    throw badRequest(`length can not be greater than 8MB (${MAX_CHUNK} bytes), got ${length}`);
  const from = Math.min(start, size);
  return { start: from, end: length === undefined ? size : Math.min(size, from + length) };
}

function bytes(layout: Layout, query: URLSearchParams, fileName: string): LabResponse {
  const { start, end } = range(query, layout.size);
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(end - start),
      // A header holds printable ASCII only: the exact name (hostile ones too) is in the recovery's downloadFilePath.
      'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"`,
    },
    raw: layoutStream(layout, start, end),
  };
}

function text(lines: readonly string[], fileName: string): LabResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
    raw: Buffer.from(lines.map((line) => `${line}\n`).join('')),
  };
}

const AGENT_FILES: Record<string, string> = {
  kWindows: 'cohesity-agent-windows-x64.exe',
  kScript: 'cohesity_agent_linux_x64.sh',
  kRPM: 'cohesity-agent.x86_64.rpm',
  kSuseRPM: 'cohesity-agent.suse.x86_64.rpm',
  kPowerPCRPM: 'cohesity-agent.ppc64le.rpm',
  kDEB: 'cohesity-agent_amd64.deb',
};

export function downloadRoutes(route: Route, state: IbmState): void {
  route('POST', '/data-protect/agents/download', (req) => {
    const body = requireBody(req.body);
    const platform = oneOf(reqString(body, 'platform'), ['kWindows', 'kLinux'], 'platform');
    let flavour: string = platform;
    if (platform === 'kLinux') {
      const linux = optObject(body, 'linuxParams');
      if (!linux)
        throw badRequest('The request body has an error: linuxParams is required for platform kLinux');
      flavour = oneOf(
        reqString(linux, 'packageType'),
        ['kScript', 'kRPM', 'kSuseRPM', 'kPowerPCRPM', 'kDEB'],
        'packageType',
      );
    }
    const name = AGENT_FILES[flavour] ?? 'cohesity-agent.bin';
    return bytes(fileLayout(contentKey(state.seed, 'agents', name), AGENT_SIZE), new URLSearchParams(), name);
  });

  route('GET', '/data-protect/recoveries/:id/download-files', (req) => {
    const found = recovery(state, param(req, 'id'));
    if (found.action !== 'DownloadFilesAndFolders')
      throw badRequest(`Recovery ${found.id} is a ${found.action} recovery: it has no files to download.`);
    const host = state.host(found.snapshot.objectId);
    const fileType = req.query.get('fileType');
    const output = recoveryOutput(state.seed, host.id, host.osType, found.selections);
    if (fileType === 'success_files_list')
      return text(
        output.files.map((file) => file.path),
        'success_files_list.txt',
      );
    if (fileType === 'error')
      return text(
        found.missing.map((path) => `${path}: not found in the snapshot`),
        'error.txt',
      );
    if (fileType !== null)
      throw badRequest(`fileType must be one of error, success_files_list, got "${fileType}"`);
    const status = recoveryStatus(state, found);
    if (status !== 'Succeeded' && status !== 'SucceededWithWarning')
      throw badRequest(
        `Recovery ${found.id} is ${status}: its files can be downloaded once it has succeeded.`,
      );
    if ((found.downloadExpiryUsecs ?? Infinity) < state.now() * 1000)
      throw notFound(`The download of recovery ${found.id} has expired.`);
    const layout = found.synthetic
      ? syntheticLayout(state.seed, found.id, found.synthetic.size)
      : output.layout;
    return bytes(layout, req.query, downloadFileName(state, found));
  });

  route('GET', '/data-protect/snapshots/:snapshotsId/download-file', (req) => {
    const { host } = state.snapshot(param(req, 'snapshotsId'));
    const filePath = req.query.get('filePath');
    if (!filePath) throw badRequest('filePath must be specified for snapshots of environment kPhysical');
    const file = fileCatalogue(state.seed, host.id, host.osType).find((item) => item.path === filePath);
    if (!file) throw new IbmError(404, `File ${filePath} not found in the snapshot.`);
    return bytes(indexedFileLayout(state.seed, host.id, file), req.query, file.name);
  });
}
