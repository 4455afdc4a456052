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
  it('says vCenter’s, ComodIT’s and Unitrends’ options in words', () => {
    expect(describeOptions({ command: 'systemctl is-active nginx', timeoutSeconds: 60 }, 'vcenter')).toBe(
      'command “systemctl is-active nginx”, waiting at most 60 s',
    );
    expect(describeOptions({ pid: 4242 }, 'vcenter')).toBe('process 4242');
    expect(describeOptions({ host: 'acme/prod/web-1', properties: { a: 1, b: 2 } }, 'comodit')).toBe(
      'host acme/prod/web-1, 2 properties',
    );
    const start = {
      candidateId: 'p/12@1',
      backupId: 901,
      target: { kind: 'VMware', host: 'esx01', store: 'datastore1' },
      name: 'web-ir',
      audit: true,
      powerOn: false,
      client: 'web',
    };
    expect(describeOptions(start, 'unitrends')).toBe(
      'backup 901, on VMware host esx01, datastore1, named web-ir, audit mode, left powered off, client web',
    );
    expect(describeOptions({ target: { kind: 'appliance' } }, 'unitrends')).toBe('on the appliance');
    expect(describeOptions({ processors: 1, memory: 4096, auditVerify: true }, 'unitrends')).toBe(
      '1 processor, memory 4096 MB, verified in audit mode after each restore',
    );
    expect(describeOptions({ force: true }, 'danube')).toBe('forced');
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
