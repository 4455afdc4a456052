import { describe, expect, it } from 'vitest';

import {
  afterReboot,
  chunkDone,
  chunkProgress,
  chunksSynced,
  isComplete,
  knownSize,
  newPlan,
  nextChunk,
  receivedBytes,
  resumeAt,
} from './planner';

describe('planner', () => {
  it('hands out the lowest chunk not done nor in flight, while the end is unknown', () => {
    let plan = newPlan(10);
    expect(nextChunk(plan, new Set())).toBe(0);
    expect(nextChunk(plan, new Set([0, 1]))).toBe(2);
    plan = chunkDone(plan, 0, 10);
    expect(nextChunk(plan, new Set([1]))).toBe(2);
  });

  it('learns the end from a short chunk and drops chunks fetched past it', () => {
    let plan = newPlan(10);
    plan = chunkDone(plan, 3, 0);
    plan = chunkDone(plan, 0, 10);
    plan = chunkDone(plan, 2, 4);
    expect(plan.chunkCount).toBe(3);
    expect(nextChunk(plan, new Set())).toBe(1);
    expect(isComplete(plan)).toBe(false);
    plan = chunkDone(plan, 1, 10);
    expect(isComplete(plan)).toBe(true);
    expect(knownSize(plan)).toBe(24);
    expect(nextChunk(plan, new Set())).toBeUndefined();
  });

  it('ends at a chunk boundary when the chunk after the last full one is empty', () => {
    let plan = chunkDone(newPlan(10), 0, 10);
    plan = chunkDone(plan, 1, 0);
    expect(isComplete(plan)).toBe(true);
    expect(receivedBytes(plan)).toBe(10);
  });

  it('treats an empty file as complete at once', () => {
    const plan = chunkDone(newPlan(10), 0, 0);
    expect(knownSize(plan)).toBe(0);
  });

  it('resumes a chunk in flight after what was written of it, counted until it is done', () => {
    let plan = chunkProgress(newPlan(10), 0, 4);
    expect(resumeAt(plan, 0)).toBe(4);
    expect(receivedBytes(plan)).toBe(4);
    plan = chunkDone(plan, 0, 10);
    expect(resumeAt(plan, 0)).toBe(0);
    expect(receivedBytes(plan)).toBe(10);
  });

  it('after a restart of the machine, keeps the flushed chunks only, and nothing in flight', () => {
    let plan = chunkDone(chunkDone(newPlan(10), 0, 10), 1, 10);
    plan = chunksSynced(plan, plan.done);
    plan = chunkProgress(chunkDone(plan, 2, 10), 3, 4);
    const resumed = afterReboot(plan);
    expect(resumed.done).toEqual({ 0: 10, 1: 10 });
    expect(resumeAt(resumed, 3)).toBe(0);
    expect(receivedBytes(resumed)).toBe(20);
    expect(nextChunk(resumed, new Set())).toBe(2);
    // Never flushed: everything is fetched again; chunks past a known end are not brought back.
    expect(afterReboot(chunkDone(newPlan(10), 0, 10)).done).toEqual({});
    const ended = { ...chunkDone(newPlan(10), 0, 4), synced: { 0: 4, 1: 0 } };
    expect(afterReboot(ended).done).toEqual({ 0: 4 });
  });
});
