import type { Json } from './body';
import type { Selection } from './downloads';
import { fileCatalogue, selectFiles } from './files';
import { timeline } from './lifecycle';
import type { Outcome, Recovery } from './model';
import type { IbmState } from './state';

/* Creating recoveries, for the seeded history and the POST endpoints alike. */

const DOWNLOAD_LINK_MS = 3 * 86_400_000;

export interface RecoveryPlan {
  name: string;
  action: string;
  snapshotId: string;
  selections: Selection[];
  params?: Json;
  startedAt: number;
  acceptMs: number;
  durationMs: number;
  userName: string;
  parentRecoveryId?: string;
  /** Forces the end state (seeded failures); otherwise it follows from the files found. */
  outcome?: Outcome;
  messages?: string[];
}

export function addRecovery(state: IbmState, plan: RecoveryPlan): Recovery {
  const { host, ref } = state.snapshot(plan.snapshotId);
  const catalogue = fileCatalogue(state.seed, host.id, host.osType);
  const missing = plan.selections
    .filter((selection) => selectFiles(catalogue, selection.absolutePath).length === 0)
    .map((selection) => selection.absolutePath);
  let outcome: Outcome = 'Succeeded';
  if (missing.length > 0)
    outcome = missing.length === plan.selections.length ? 'Failed' : 'SucceededWithWarning';
  const seq = state.nextSeq();
  const recovery: Recovery = {
    seq,
    id: state.entityId(seq),
    name: plan.name,
    action: plan.action,
    environment: 'kPhysical',
    timeline: timeline(plan.startedAt, plan.acceptMs, plan.durationMs),
    outcome: plan.outcome ?? outcome,
    messages: plan.messages ?? missing.map((path) => `File or folder ${path} was not found in the snapshot.`),
    userName: plan.userName,
    snapshot: ref,
    snapshotId: plan.snapshotId,
    selections: plan.selections,
    missing,
    ...(plan.params ? { params: plan.params } : {}),
    ...(plan.action === 'DownloadFilesAndFolders'
      ? { downloadExpiryUsecs: (plan.startedAt + DOWNLOAD_LINK_MS) * 1000 }
      : {}),
    ...(plan.parentRecoveryId ? { parentRecoveryId: plan.parentRecoveryId } : {}),
  };
  state.recoveries.set(recovery.id, recovery);
  return recovery;
}
