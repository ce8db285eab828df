// Bounds how many test runs execute at once (setting maxParallelRuns; 0 = number of cores).
// One limiter per bound, shared by every caller in the process.
import os from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';

const limiters = new Map<number, LimitFunction>();

export function parallelRuns(maxParallelRuns: number): number {
  return maxParallelRuns > 0 ? maxParallelRuns : Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

export function runLimiter(maxParallelRuns: number): LimitFunction {
  const bound = parallelRuns(maxParallelRuns);
  let limit = limiters.get(bound);
  if (!limit) {
    limit = pLimit(bound);
    limiters.set(bound, limit);
  }
  return limit;
}
