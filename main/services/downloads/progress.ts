/** Speed over the last few seconds (not since the start: a pause or a slow minute should not linger in it). */
export function createSpeedMeter(windowMs = 5000, now: () => number = Date.now) {
  let samples: { at: number; bytes: number }[] = [];
  return {
    add(bytes: number): void {
      const at = now();
      samples.push({ at, bytes });
      samples = samples.filter((sample) => sample.at >= at - windowMs);
    },
    reset(): void {
      samples = [];
    },
    /** Bytes per second, undefined until two samples span some time. */
    bytesPerSecond(): number | undefined {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last || last.at - first.at < 200) return undefined;
      return ((last.bytes - first.bytes) / (last.at - first.at)) * 1000;
    },
  };
}

export function etaSeconds(
  remaining: number | undefined,
  bytesPerSecond: number | undefined,
): number | undefined {
  if (remaining === undefined || !bytesPerSecond || remaining < 0) return undefined;
  return Math.ceil(remaining / bytesPerSecond);
}
