import { describe, expect, it } from 'vitest';

import { decideFault, parseFaultSpec } from './faults';

describe('fault specs', () => {
  it('parses every fault with an optional vendor', () => {
    expect(parseFaultSpec('latency=200,error=0.1,reset=0.05,truncate=0.05,token=5')).toEqual({
      vendor: undefined,
      config: { latencyMs: 200, errorRate: 0.1, resetRate: 0.05, truncateRate: 0.05, tokenLifetimeSec: 5 },
    });
    expect(parseFaultSpec('danube:error=1,status=500')).toEqual({
      vendor: 'danube',
      config: { errorRate: 1, errorStatus: 500 },
    });
  });

  it('refuses unknown faults and rates above 1', () => {
    expect(() => parseFaultSpec('lag=3')).toThrow(/unknown fault "lag"/);
    expect(() => parseFaultSpec('error=2')).toThrow(/between 0 and 1/);
    expect(() => parseFaultSpec('latency=-1')).toThrow(/non-negative/);
  });

  it('applies faults only to matching paths', () => {
    const always = () => 0;
    expect(decideFault({ errorRate: 1, pathPattern: '^/api/vm' }, '/api/task/1', always)).toEqual({
      kind: 'none',
    });
    expect(decideFault({ errorRate: 1, pathPattern: '^/api/vm' }, '/api/vm/', always)).toEqual({
      kind: 'error',
      status: 503,
    });
    expect(decideFault({ resetRate: 1, errorRate: 1 }, '/', always)).toEqual({ kind: 'reset' });
  });
});
