import { describe, expect, it } from 'vitest';

import { describeOptions, effectiveOptions } from './action-text';
import type { ActionSpec } from './machines';

const stop: ActionSpec = {
  id: 'stop',
  label: 'Stop',
  disruptive: true,
  options: [
    { id: 'force', label: 'Force', type: 'boolean' },
    { id: 'timeout', label: 'Timeout', type: 'number', ignoredWith: ['force'] },
    { id: 'update', label: 'Update', type: 'choice', choices: ['yes', 'no'] },
  ],
};

describe('describeOptions', () => {
  it('says a Danube stop’s options in words', () => {
    expect(describeOptions({ force: true, timeout: 30 }, 'danube')).toBe('forced, shutdown timeout 30 s');
    expect(describeOptions({ update: 'no', cdimage: 'rescue.iso' }, 'danube')).toBe(
      'without the pending configuration change, booting from CD image rescue.iso',
    );
  });
  it('falls back to the option’s id for an unknown vendor or option', () => {
    expect(describeOptions({ force: true, level: 3 })).toBe('force, level: 3');
    expect(describeOptions({})).toBe('');
  });
});

describe('effectiveOptions', () => {
  it('drops the timeout when the stop is forced', () => {
    expect(effectiveOptions(stop, { force: true, timeout: 30 })).toEqual({ force: true });
  });
  it('keeps the timeout of a graceful stop and leaves unset options out', () => {
    expect(effectiveOptions(stop, { force: false, timeout: 30, update: '' })).toEqual({ timeout: 30 });
  });
  it('sends nothing the action does not describe', () => {
    expect(effectiveOptions(stop, { other: 1 })).toEqual({});
  });
});
