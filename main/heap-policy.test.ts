import { execFileSync, spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { MAIN_HEAP_FLAGS } from './heap-policy';

describe('main heap policy', () => {
  // V8 ignores an unknown flag with a warning: a rename in a future V8 must fail here, not silently cost memory.
  it('names flags this V8 knows', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of MAIN_HEAP_FLAGS) {
      const name = /^--([\w-]+)=/.exec(flag)?.[1] ?? '';
      expect(options).toMatch(new RegExp(`^\\s+--${name.replace(/-/g, '[-_]')}\\b`, 'm'));
    }
  });

  it('is accepted by V8 at run time without a complaint', () => {
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(MAIN_HEAP_FLAGS.join(' '))})`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
