// Scores of pass-set groups (candidates that pass exactly the same generated tests).
//   CodeT (paper):            |group| x |tests passed|
//   CodeT (released code):    sqrt(|group|) x |tests passed|
//   B4:                       log posterior of "this group is the correct one" under B4's
//                             Beta-Bernoulli model (MAP form of its released code).
import { logBeta } from './math';

export interface PassGroup {
  members: number[];
  /** The shared pass vector over the generated tests. */
  vector: boolean[];
  passed: number;
}

/** Groups candidates by their exact pass vector, in order of first appearance. */
export function passGroups(passes: boolean[][], candidates: number[]): PassGroup[] {
  const byKey = new Map<string, PassGroup>();
  for (const i of candidates) {
    const vector = passes[i];
    const key = vector.map((p) => (p ? '1' : '0')).join('');
    let group = byKey.get(key);
    if (!group) {
      group = { members: [], vector, passed: vector.filter(Boolean).length };
      byKey.set(key, group);
    }
    group.members.push(i);
  }
  return [...byKey.values()];
}

export function codetScores(groups: PassGroup[], sqrt: boolean): number[] {
  return groups.map((g) => (sqrt ? Math.sqrt(g.members.length) : g.members.length) * g.passed);
}

export interface B4Priors {
  /** Beta(alpha, 1) prior on the share of correct candidates and of correct tests. */
  alpha: number;
  /** Beta(1, beta0) prior on an incorrect candidate passing an incorrect test. */
  beta0: number;
}

export const b4Defaults: B4Priors = { alpha: 1e3, beta0: 1e5 };

/**
 * B4: for each group g, the hypothesis "g's members are the correct candidates and the tests g
 * passes are the correct tests". Its log posterior (up to a constant shared by all groups) is
 *   ln B(|y|+a, m-|y|+1) + ln B(|x|+a, n-|x|+1)                    priors on tests and candidates
 *   + ln B(k1+1, N1-k1+1)        incorrect candidates on correct tests (any pass rate)
 *   + ln B(k0+1, N0-k0+beta0)    incorrect candidates on incorrect tests (rarely pass)
 * with the n candidates and m tests of the matrix. Uses column sums: O(groups x tests).
 */
export function b4Scores(groups: PassGroup[], tests: number, priors: B4Priors = b4Defaults): number[] {
  const n = groups.reduce((sum, g) => sum + g.members.length, 0);
  const columnPasses = new Array<number>(tests).fill(0);
  for (const g of groups) for (let t = 0; t < tests; t++) if (g.vector[t]) columnPasses[t] += g.members.length;
  const { alpha, beta0 } = priors;
  return groups.map((g) => {
    const size = g.members.length;
    const correctTests = g.passed;
    let k1 = 0;
    let k0 = 0;
    for (let t = 0; t < tests; t++) {
      if (g.vector[t]) k1 += columnPasses[t] - size;
      else k0 += columnPasses[t];
    }
    const others = n - size;
    const n1 = others * correctTests;
    const n0 = others * (tests - correctTests);
    return (
      logBeta(correctTests + alpha, tests - correctTests + 1) +
      logBeta(size + alpha, n - size + 1) +
      logBeta(k1 + 1, n1 - k1 + 1) +
      logBeta(k0 + 1, n0 - k0 + beta0)
    );
  });
}
