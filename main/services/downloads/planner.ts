/**
 * Which chunks of a download to fetch. The upstream does not tell the total size up front (ibm-backup-recovery.md
 * §10: read until a chunk comes back short), so the end is learnt from the first short or empty chunk; chunks past
 * it are dropped. Plain data, saved as it is in the state file.
 */
export interface Plan {
  chunkSize: number;
  /** Bytes received per finished chunk index. */
  done: Record<number, number>;
  /** The number of chunks once a short chunk showed where the file ends. */
  chunkCount?: number;
  /** Bytes already on disk from the start of chunks in flight: a resumed chunk asks only for the rest. */
  partial?: Record<number, number>;
  /**
   * The finished chunks as of the last flush of the file to the disk (fdatasync). After a restart of the machine, only
   * these are known to be on the disk: the others may have been lost with the page cache.
   */
  synced?: Record<number, number>;
}

export const newPlan = (chunkSize: number): Plan => ({ chunkSize, done: {} });

/** The lowest chunk neither finished nor in flight, or undefined when none is left to start. */
export function nextChunk(plan: Plan, inFlight: ReadonlySet<number>): number | undefined {
  for (let index = 0; plan.chunkCount === undefined || index < plan.chunkCount; index++)
    if (plan.done[index] === undefined && !inFlight.has(index)) return index;
  return undefined;
}

/** Records a finished chunk; a short one marks the end of the file. */
export function chunkDone(plan: Plan, index: number, received: number): Plan {
  const { [index]: _finished, ...partial } = plan.partial ?? {};
  plan = { ...plan, partial };
  if (plan.chunkCount !== undefined && index >= plan.chunkCount) return plan;
  const done = { ...plan.done, [index]: received };
  if (received >= plan.chunkSize) return { ...plan, done };
  const end = received === 0 ? index : index + 1;
  const chunkCount = Math.min(plan.chunkCount ?? end, end);
  // Chunks past the end that were already counted hold nothing.
  for (const key of Object.keys(done)) if (Number(key) >= chunkCount) delete done[Number(key)];
  return { ...plan, done, chunkCount };
}

/** Records how much of a chunk in flight is on disk (from its start). */
export const chunkProgress = (plan: Plan, index: number, written: number): Plan => ({
  ...plan,
  partial: { ...plan.partial, [index]: written },
});

/** Records that the chunks finished as of `done` are on the disk. */
export const chunksSynced = (plan: Plan, done: Record<number, number>): Plan => ({ ...plan, synced: done });

/** The plan to resume after the machine restarted: the chunks flushed to the disk, nothing of those in flight. */
export function afterReboot(plan: Plan): Plan {
  const done: Record<number, number> = {};
  for (const [index, bytes] of Object.entries(plan.synced ?? {}))
    if (plan.chunkCount === undefined || Number(index) < plan.chunkCount) done[Number(index)] = bytes;
  return { ...plan, done, partial: {} };
}

/** Where a chunk's request starts: after what an interrupted run already wrote of it. */
export const resumeAt = (plan: Plan, index: number): number => plan.partial?.[index] ?? 0;

const sum = (values: Record<number, number> | undefined): number =>
  Object.values(values ?? {}).reduce((total, bytes) => total + bytes, 0);

/** Bytes on disk: finished chunks and the written starts of chunks in flight. */
export const receivedBytes = (plan: Plan): number => sum(plan.done) + sum(plan.partial);

export function isComplete(plan: Plan): boolean {
  if (plan.chunkCount === undefined) return false;
  for (let index = 0; index < plan.chunkCount; index++) if (plan.done[index] === undefined) return false;
  return true;
}

/** The total size once the end is known. */
export const knownSize = (plan: Plan): number | undefined =>
  isComplete(plan) ? receivedBytes(plan) : undefined;

/** Bytes from the start of the file that are complete (no gap before them). */
export function contiguousBytes(plan: Plan): number {
  let bytes = 0;
  for (let index = 0; plan.done[index] !== undefined; index++) bytes += plan.done[index] ?? 0;
  return bytes;
}
