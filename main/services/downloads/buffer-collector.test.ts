import { describe, expect, it, vi } from 'vitest';

import { createBufferCollector, v8Collector } from './buffer-collector';

describe('createBufferCollector', () => {
  it('collects the young generation once per `every` bytes received', () => {
    const collect = vi.fn();
    const collector = createBufferCollector(100, collect);
    collector.received(60);
    expect(collect).not.toHaveBeenCalled();
    collector.received(60);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith({ type: 'minor', execution: 'sync' });
    collector.received(99);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('finds V8’s collector without --expose-gc', () => {
    const collect = v8Collector();
    expect(collect).toBeTypeOf('function');
    expect(() => collect?.({ type: 'minor', execution: 'sync' })).not.toThrow();
  });
});
