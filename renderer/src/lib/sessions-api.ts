import type { RecoveryCandidate } from '../../../common/sessions';
import { api, describeError } from './api';

/** Backed-up clients of every appliance, for the start dialog and the DR test; failures as a sentence. */
export function loadCandidates(
  onList: (list: RecoveryCandidate[]) => void,
  onError: (message: string) => void,
): void {
  api()
    .sessions.candidates()
    .then(onList, (failure: unknown) => onError(describeError(failure)));
}
