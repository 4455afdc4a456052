import { describe, expect, it } from 'vitest';

import { NEW_POLICY, policyProblems, retentionText, scheduleText } from './policy-text';

describe('policies in words', () => {
  it('reads each schedule unit', () => {
    expect(scheduleText({ unit: 'Hours', frequency: 4 })).toBe('Every 4 hours');
    expect(scheduleText({ unit: 'Days', frequency: 1 })).toBe('Every day');
    expect(scheduleText({ unit: 'Weeks', daysOfWeek: ['Monday', 'Friday'] })).toBe(
      'Weekly on Monday, Friday',
    );
    expect(scheduleText({ unit: 'Months', dayOfMonth: 3 })).toBe('Monthly on day 3');
    expect(scheduleText({ unit: 'Years', dayOfYear: 'Last' })).toBe('Yearly on its last day');
    expect(retentionText({ unit: 'Weeks', duration: 2 })).toBe('2 weeks');
    expect(retentionText({ unit: 'Years', duration: 1 })).toBe('1 year');
  });

  it('gives each invalid field its own problem', () => {
    expect(policyProblems({ ...NEW_POLICY, name: 'ok' })).toEqual({});
    const problems = policyProblems({
      ...NEW_POLICY,
      name: ' ',
      schedule: { unit: 'Weeks' },
      retention: { unit: 'Days', duration: 0 },
      retries: undefined,
    });
    expect(problems).toEqual({
      name: 'A name is required.',
      'schedule.daysOfWeek': 'Choose at least one day of the week.',
      'retention.duration': 'At least 1.',
      retries: 'A whole number is required.',
    });
  });
});
