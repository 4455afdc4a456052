import { VantageError } from '../../../common/errors';
import type { HttpResponse } from '../../net/http-client';
import { expectOk } from '../auth';

/**
 * The appliance answers 500 for every refusal its PHP handlers make (four-vendors.md §3.4). Each known sentence
 * gets what to do next; the appliance's own words are always kept.
 */
const NEXT_STEPS: readonly (readonly [RegExp, string])[] = [
  [/backup \d+ is busy/i, 'Another session uses this backup: tear it down first, or choose another backup.'],
  [/busy|is going/i, 'It is still changing: wait until it has finished, then try again.'],
  [
    /retry with force/i,
    'Tear it down with force: the recovered VM is removed while it is still being built.',
  ],
  [
    /backup .* was not found|has no backups/i,
    'The backup is gone (expired or purged): choose a newer backup.',
  ],
  [/only available for Windows/i, 'Only Windows clients can have a replica: choose another client.'],
  [/not supported/i, 'This appliance cannot host it there: choose another target.'],
  [/specify the target|target host/i, 'Choose a target host, a datastore or directory, and a name.'],
  [
    /mode|does not apply|already live|cannot go live/i,
    'Its mode does not allow this now: refresh and pick an action that is offered.',
  ],
  [/invalid system id/i, 'The system is no longer managed by this appliance: refresh the Sessions view.'],
  [/console/i, 'The appliance could not open its console: try again in a moment.'],
];

function unitrendsWords(response: HttpResponse): string | undefined {
  const body = response.body as { result?: { message?: string }[]; message?: string } | undefined;
  return (Array.isArray(body?.result) ? body.result[0]?.message : undefined) ?? body?.message;
}

/** A mutating call that must succeed: refusals become a CONFLICT in the appliance's words with a next step. */
export function expectDone(response: HttpResponse, label: string, what: string): HttpResponse {
  if (response.status !== 500) return expectOk(response, label, unitrendsWords);
  const said = unitrendsWords(response) ?? response.text.slice(0, 200);
  const next = NEXT_STEPS.find(([pattern]) => pattern.test(said))?.[1] ?? 'Check it on the appliance.';
  throw new VantageError('CONFLICT', `${label} refused to ${what}: “${said}” ${next}`, {
    status: 500,
    body: response.body,
    said,
  });
}

/** audit/live/restores calls answer an empty array when they do nothing (a new or halted replica). */
export function expectChange(response: HttpResponse, label: string, what: string): void {
  const body = expectDone(response, label, what).body;
  if (Array.isArray(body) && body.length === 0)
    throw new VantageError(
      'CONFLICT',
      `${label} did nothing when asked to ${what}: a replica that is new or halted cannot change mode. Wait for its first virtual restore, or repair it on the appliance.`,
      { body },
    );
}
