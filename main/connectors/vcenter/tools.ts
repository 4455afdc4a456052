/**
 * Whether VMware Tools run in a machine, as last seen (guest identity answered or said 503, the tools record).
 * `actions()` may not call vCenter, and the VM summary does not say, so this is what it knows; unknown means the
 * guest actions are offered and vCenter has the last word.
 */
export interface ToolsMemory {
  learn(vendorId: string, running: boolean): void;
  /** Undefined when never seen, or when a power change made what was seen stale. */
  running(vendorId: string): boolean | undefined;
  forget(vendorId: string): void;
}

export function createToolsMemory(): ToolsMemory {
  const seen = new Map<string, boolean>();
  return {
    learn: (vendorId, running) => void seen.set(vendorId, running),
    running: (vendorId) => seen.get(vendorId),
    forget: (vendorId) => void seen.delete(vendorId),
  };
}
