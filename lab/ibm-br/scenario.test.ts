import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSha256, recoveryOutputSha256 } from './downloads';
import { fileCatalogue, type CatalogueFile, type OsType } from './files';
import {
  body,
  CHUNK,
  downloadInChunks,
  getBytes,
  openSession,
  sha256,
  until,
  type Session,
} from './test-support';

type Info = {
  status: string;
  messages: string[];
  endTimeUsecs?: number;
  successfulObjectsCount: number;
  failedObjectsCount: number;
};
type RunBody = {
  id: string;
  localBackupInfo: Info;
  objects?: {
    object: { id: number; osType: OsType };
    localSnapshotInfo: { snapshotInfo: { snapshotId?: string } };
  }[];
};
type GroupBody = { id: string; name: string; isPaused: boolean; lastRun?: RunBody };
type RecoveryBody = {
  id: string;
  status: string;
  physicalParams: {
    objects: { bytesRestored: number; objectInfo: { id: number; osType: OsType } }[];
    downloadFileAndFolderParams: {
      expiryTimeUsecs: number;
      filesAndFolders: { absolutePath: string; isDirectory: boolean; status: string }[];
    };
  };
};

let s: Session;
let groups: GroupBody[];
beforeAll(async () => {
  s = await openSession({ vms: 300 });
  groups = body<{ protectionGroups: GroupBody[] }>(
    await s.call('GET', '/data-protect/protection-groups?includeLastRunInfo=true'),
  ).protectionGroups;
});
afterAll(() => s.close());

const healthy = (): GroupBody[] =>
  groups.filter((g) => !g.isPaused && g.lastRun?.localBackupInfo.status === 'Succeeded');
const runsPath = (group: GroupBody, query = ''): string =>
  `/data-protect/protection-groups/${group.id}/runs${query}`;

async function latestRun(group: GroupBody, details = false): Promise<RunBody | undefined> {
  const answer = await s.call('GET', runsPath(group, `?numRuns=1&includeObjectDetails=${details}`));
  return body<{ runs: RunBody[] }>(answer).runs[0];
}

/** POST a run (202, no id), then find it the documented way: poll the runs list until a new run shows up. */
async function startAndFind(group: GroupBody): Promise<RunBody> {
  const before = (await latestRun(group))?.id;
  const answer = await s.call('POST', runsPath(group), { runType: 'kRegular' });
  expect(answer.status).toBe(202);
  return until(async () => {
    const run = await latestRun(group);
    return run && run.id !== before ? run : undefined;
  });
}

async function runUntil(
  group: GroupBody,
  runId: string,
  statuses: string[],
  seen: string[] = [],
): Promise<RunBody> {
  return until(async () => {
    const run = body<RunBody>(await s.call('GET', runsPath(group, `/${runId}?includeObjectDetails=true`)));
    seen.push(run.localBackupInfo.status);
    return statuses.includes(run.localBackupInfo.status) ? run : undefined;
  });
}

async function recoveryUntil(id: string, statuses: string[]): Promise<RecoveryBody> {
  return until(async () => {
    const recovery = body<RecoveryBody>(await s.call('GET', `/data-protect/recoveries/${id}`));
    return statuses.includes(recovery.status) ? recovery : undefined;
  });
}

/** A file of the host's snapshots that needs more than one 8 MiB chunk when the host has one, else its largest. */
function multiChunkFile(hostId: number, osType: OsType): CatalogueFile {
  const files = fileCatalogue(s.lab.describe().seed, hostId, osType).sort((a, b) => a.size - b.size);
  return files.find((f) => f.size > CHUNK) ?? (files[files.length - 1] as CatalogueFile);
}

describe('backup and restore, end to end', () => {
  it('runs a backup to Succeeded, restores a file and downloads it in 8 MiB chunks', async () => {
    const group = healthy()[0] as GroupBody;
    const run = await startAndFind(group);
    expect(['Accepted', 'Running']).toContain(run.localBackupInfo.status);
    expect(run.localBackupInfo.endTimeUsecs).toBeUndefined();
    const seen: string[] = [];
    const done = await runUntil(group, run.id, ['Succeeded'], seen);
    expect(seen).toContain('Running');
    expect(done.localBackupInfo.endTimeUsecs).toBeGreaterThan(0);
    expect(done.localBackupInfo.failedObjectsCount).toBe(0);

    const object = done.objects?.[0];
    const snapshotId = object?.localSnapshotInfo.snapshotInfo.snapshotId ?? '';
    const hostId = object?.object.id ?? 0;
    const osType = object?.object.osType ?? 'kLinux';
    const file = multiChunkFile(hostId, osType);
    const created = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: `dl-${run.id}`,
      object: { snapshotId },
      filesAndFolders: [{ absolutePath: file.path, isDirectory: false }],
    });
    expect(created.status).toBe(201);
    const id = body<{ id: string }>(created).id;
    const early = await s.call('GET', `/data-protect/recoveries/${id}/download-files`);
    expect(early.status).toBe(400);
    expect(body(early).message).toMatch(/once it has succeeded/);

    const recovery = await recoveryUntil(id, ['Succeeded', 'Failed']);
    expect(recovery.status).toBe('Succeeded');
    expect(recovery.physicalParams.objects[0]?.bytesRestored).toBe(file.size);
    expect(recovery.physicalParams.downloadFileAndFolderParams.filesAndFolders[0]?.status).toBe('Finished');

    const whole = await downloadInChunks(s, `/data-protect/recoveries/${id}/download-files`);
    const seed = s.lab.describe().seed;
    expect(whole.length).toBe(file.size);
    expect(sha256(whole)).toBe(fileSha256(seed, hostId, osType, file.path)?.sha256);
    expect(sha256(whole)).toBe(
      recoveryOutputSha256(seed, hostId, osType, [{ absolutePath: file.path }]).sha256,
    );

    // The same bytes straight from the indexed snapshot.
    const path = encodeURIComponent(file.path);
    const indexed = await downloadInChunks(
      s,
      `/data-protect/snapshots/${encodeURIComponent(snapshotId)}/download-file?filePath=${path}`,
    );
    expect(sha256(indexed)).toBe(sha256(whole));
  });

  it('caps a chunk at 8 MiB and serves any range of a file', async () => {
    const file = (await s.call('GET', '/data-protect/search/protected-objects')).json as {
      objects: {
        id: number;
        osType: OsType;
        latestSnapshotsInfo: { localSnapshotInfo: { snapshotId: string } }[];
      }[];
    };
    const host = file.objects.find((o) => o.latestSnapshotsInfo.length > 0);
    const snapshotId = encodeURIComponent(host?.latestSnapshotsInfo[0]?.localSnapshotInfo.snapshotId ?? '');
    const target = multiChunkFile(host?.id ?? 0, host?.osType ?? 'kLinux');
    const base = `/data-protect/snapshots/${snapshotId}/download-file?filePath=${encodeURIComponent(target.path)}`;
    const tooLong = await s.call('GET', `${base}&length=${CHUNK + 1}`);
    expect(tooLong.status).toBe(400);
    expect(body(tooLong)).toEqual({
      errorCode: 'KValidationError',
      message: `length can not be greater than 8MB (8388608 bytes), got ${CHUNK + 1}`,
    });
    expect((await s.call('GET', `${base}&startOffset=-1`)).status).toBe(400);
    expect((await s.call('GET', `/data-protect/snapshots/${snapshotId}/download-file`)).status).toBe(400);
    expect(
      (await s.call('GET', `/data-protect/snapshots/${snapshotId}/download-file?filePath=%2Fno%2Fsuch`))
        .status,
    ).toBe(404);
    const whole = await getBytes(s, base);
    expect(whole.bytes.length).toBe(target.size);
    const middle = await getBytes(s, `${base}&startOffset=1000&length=5000`);
    expect(middle.bytes.equals(whole.bytes.subarray(1000, 6000))).toBe(true);
    const past = await getBytes(s, `${base}&startOffset=${target.size + 10}&length=100`);
    expect(past.status).toBe(200);
    expect(past.bytes.length).toBe(0);
  });

  it('serves a directory download as a tar archive, its file list, and refuses expired links', async () => {
    const list = body<{ recoveries: RecoveryBody[] }>(
      await s.call(
        'GET',
        '/data-protect/recoveries?recoveryActions=DownloadFilesAndFolders&status=Succeeded',
      ),
    ).recoveries;
    const now = Date.now() * 1000;
    const dirs = list.filter(
      (r) => r.physicalParams.downloadFileAndFolderParams.filesAndFolders[0]?.isDirectory,
    );
    const live = dirs.find((r) => r.physicalParams.downloadFileAndFolderParams.expiryTimeUsecs > now);
    const expired = dirs.find((r) => r.physicalParams.downloadFileAndFolderParams.expiryTimeUsecs < now);
    const info = live?.physicalParams.objects[0]?.objectInfo;
    const selections = live?.physicalParams.downloadFileAndFolderParams.filesAndFolders ?? [];
    const expected = recoveryOutputSha256(
      s.lab.describe().seed,
      info?.id ?? 0,
      info?.osType ?? 'kLinux',
      selections,
    );
    const archive = await getBytes(s, `/data-protect/recoveries/${live?.id}/download-files`);
    expect(archive.bytes.length).toBe(expected.size);
    expect(sha256(archive.bytes)).toBe(expected.sha256);
    expect(archive.bytes.subarray(257, 262).toString()).toBe('ustar');
    const names = await getBytes(
      s,
      `/data-protect/recoveries/${live?.id}/download-files?fileType=success_files_list`,
    );
    expect(names.bytes.toString().split('\n')[0]).toMatch(new RegExp(`^${selections[0]?.absolutePath}/`));
    const gone = await s.call('GET', `/data-protect/recoveries/${expired?.id}/download-files`);
    expect(gone.status).toBe(404);
    expect(body(gone).message).toMatch(/expired/);
  });
});

describe('run and recovery actions', () => {
  it('pauses, resumes and cancels a run', async () => {
    const group = healthy()[1] as GroupBody;
    const run = await startAndFind(group);
    const act = (action: string, runId: string) =>
      s.call('POST', runsPath(group, '/actions'), { action, [`${action.toLowerCase()}Params`]: [{ runId }] });
    const paused = await act('Pause', run.id);
    expect(paused.status).toBe(202);
    expect(body(paused)).toEqual({ action: 'Pause', pauseParams: [{ runId: run.id }] });
    const frozen = await runUntil(group, run.id, ['Paused']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const still = await runUntil(group, run.id, ['Paused']);
    expect(still.localBackupInfo.successfulObjectsCount).toBe(frozen.localBackupInfo.successfulObjectsCount);
    expect(body(await act('Resume', run.id))).toEqual({
      action: 'Resume',
      resumeParams: [{ runId: run.id }],
    });
    await runUntil(group, run.id, ['Accepted', 'Running']);
    expect(body(await act('Cancel', run.id))).toEqual({
      action: 'Cancel',
      cancelParams: [{ runId: run.id }],
    });
    const seen: string[] = [];
    await runUntil(group, run.id, ['Canceled'], seen);
    expect(seen[0]).toBe('Canceling');
    const again = await act('Cancel', run.id);
    expect(again.status).toBe(400);
    expect(body(again).message).toBe(`Copy Task: ${run.id} not found or not running`);
    const late = await act('Pause', run.id);
    expect(late.status).toBe(202);
    expect(body<{ pauseParams: { error: string }[] }>(late).pauseParams[0]?.error).toMatch(/Canceled/);
    expect((await act('Cancel', '1:1')).status).toBe(404);
  });

  it('fails runs of a broken group with its error message', async () => {
    const group = groups.find(
      (g) => !g.isPaused && g.lastRun?.localBackupInfo.status === 'Failed',
    ) as GroupBody;
    const expectedMessage = group.lastRun?.localBackupInfo.messages[0];
    const run = await startAndFind(group);
    const done = await runUntil(group, run.id, ['Succeeded', 'Failed']);
    expect(done.localBackupInfo.status).toBe('Failed');
    expect(done.localBackupInfo.messages).toEqual([expectedMessage]);
    expect(done.localBackupInfo.failedObjectsCount).toBe(1);
  });

  it('cancels a recovery (204) and refuses to cancel it twice', async () => {
    const objects = body<{
      objects: { latestSnapshotsInfo: { localSnapshotInfo: { snapshotId: string } }[] }[];
    }>(await s.call('GET', '/data-protect/search/protected-objects')).objects;
    const snapshotId = objects.find((o) => o.latestSnapshotsInfo.length)?.latestSnapshotsInfo[0]
      ?.localSnapshotInfo.snapshotId;
    const created = await s.call('POST', '/data-protect/recoveries/download-files-folders', {
      name: 'to-cancel',
      object: { snapshotId },
      filesAndFolders: [{ absolutePath: '/etc', isDirectory: true }],
    });
    const id = body<{ id: string }>(created).id;
    const cancel = await s.call('POST', `/data-protect/recoveries/${id}/cancel`);
    expect(cancel.status).toBe(204);
    await recoveryUntil(id, ['Canceled']);
    expect((await s.call('POST', `/data-protect/recoveries/${id}/cancel`)).status).toBe(400);
  });
});
