import {
  PolicyScheduleSchema,
  PolicySettingsSchema,
  scheduleProblem,
  type PolicySchedule,
  type PolicySettings,
} from '../../../../../common/contract/protection-admin';
import { plural } from '../../../../../common/plural';

/* Policies in words (list and detail) and the form's field-level problems. */

const SINGULAR: Record<string, string> = { Minutes: 'minute', Hours: 'hour', Days: 'day' };

export function scheduleText(schedule: PolicySchedule): string {
  const unit = SINGULAR[schedule.unit];
  if (unit)
    return schedule.frequency === 1 ? `Every ${unit}` : `Every ${plural(schedule.frequency ?? 1, unit)}`;
  if (schedule.unit === 'Weeks') return `Weekly on ${(schedule.daysOfWeek ?? []).join(', ') || '—'}`;
  if (schedule.unit === 'Months') return `Monthly on day ${schedule.dayOfMonth ?? '—'}`;
  return `Yearly on its ${(schedule.dayOfYear ?? 'First').toLowerCase()} day`;
}

export function retentionText(retention: PolicySettings['retention']): string {
  return plural(retention.duration, retention.unit.toLowerCase().replace(/s$/, ''));
}

/** The problem of each field of the form, keyed by its path (`schedule.frequency`), in the form's words. */
export function policyProblems(candidate: object): Record<string, string> {
  const parsed = PolicySettingsSchema.safeParse(candidate);
  if (parsed.success) return {};
  const problems: Record<string, string> = {};
  // The schedule's own rule runs only once the whole form parses: say it beside the other problems at once.
  const schedule = PolicyScheduleSchema.safeParse((candidate as { schedule?: unknown }).schedule);
  const unitProblem = schedule.success ? scheduleProblem(schedule.data) : undefined;
  if (unitProblem) problems[`schedule.${unitProblem.field}`] = unitProblem.message;
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.');
    if (problems[key]) continue;
    if (issue.code === 'invalid_type')
      problems[key] =
        issue.expected === 'number' || issue.expected === 'int' ? 'A whole number is required.' : 'Required.';
    else if (issue.code === 'too_small')
      problems[key] = issue.origin === 'string' ? issue.message : `At least ${String(issue.minimum)}.`;
    else if (issue.code === 'too_big') problems[key] = `At most ${String(issue.maximum)}.`;
    else problems[key] = issue.message;
  }
  return problems;
}

export const NEW_POLICY: PolicySettings = {
  name: '',
  schedule: { unit: 'Days', frequency: 1 },
  fullBackupDays: [],
  retention: { unit: 'Days', duration: 14 },
  retries: 3,
  retryIntervalMins: 5,
};
