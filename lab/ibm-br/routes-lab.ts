import type { LabRouter } from '../core/types';
import { layoutSha256 } from './content';
import { optBool, reqInt, reqString, requireBody } from './body';
import { recoveryOutput, syntheticLayout } from './downloads';
import { badRequest } from './errors';
import { created, guarded, ok, param } from './http';
import { addRecovery } from './recoveries';
import { recovery } from './routes-recoveries';
import type { IbmState } from './state';

const DAY = 86_400_000;
/** Big enough for the 1 GiB bench and a few over; bytes are computed on demand, nothing is stored. */
const MAX_SYNTHETIC = 16 * 1024 * 1024 * 1024;

/*
 * Lab controls, not IBM's API (no token, under /lab): tests and the bench make a finished download-files recovery of
 * any size and any upstream name (hostile ones included), and read the size and SHA-256 of any recovery's output.
 */
export function labControlRoutes(router: LabRouter, state: IbmState): void {
  router.on(
    'POST',
    '/lab/downloads',
    guarded((req) => {
      const body = requireBody(req.body);
      const fileName = reqString(body, 'fileName');
      const size = reqInt(body, 'size');
      if (size < 0 || size > MAX_SYNTHETIC) throw badRequest(`size must be 0..${MAX_SYNTHETIC}, got ${size}`);
      const template = [...state.recoveries.values()].find((r) => r.action === 'DownloadFilesAndFolders');
      if (!template) throw badRequest('The lab has no snapshot to attach a download to.');
      // An expired link: started longer ago than the three days a download lasts.
      const startedAt = state.now() - (optBool(body, 'expired') ? 4 * DAY : 60_000);
      const made = addRecovery(state, {
        name: `Lab download ${fileName.slice(0, 40)}`,
        action: 'DownloadFilesAndFolders',
        snapshotId: template.snapshotId,
        selections: [],
        startedAt,
        acceptMs: 0,
        durationMs: 1000,
        userName: 'lab',
      });
      made.synthetic = { fileName, size };
      return created({ id: made.id, size });
    }),
  );

  router.on(
    'GET',
    '/lab/downloads/:id',
    guarded((req) => {
      const found = recovery(state, param(req, 'id'));
      const host = state.host(found.snapshot.objectId);
      const layout = found.synthetic
        ? syntheticLayout(state.seed, found.id, found.synthetic.size)
        : recoveryOutput(state.seed, host.id, host.osType, found.selections).layout;
      return ok({ size: layout.size, sha256: layoutSha256(layout) });
    }),
  );
}
