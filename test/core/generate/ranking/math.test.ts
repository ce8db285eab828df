import { describe, expect, it } from 'vitest';
import { logBeta, logGamma, logSumExp, seededRandom } from '../../../../src/core/generate/ranking/math';

describe('ranking math', () => {
  it('computes ln Γ exactly enough at small and large arguments', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // ln(100000!) by Stirling with three correction terms.
    const n = 100001;
    const stirling = (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
    expect(logGamma(n) / stirling).toBeCloseTo(1, 13);
  });

  it('computes ln B and log-sum-exp', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 12);
    expect(logSumExp([Math.log(1), Math.log(3)])).toBeCloseTo(Math.log(4), 12);
    expect(logSumExp([-1e6, -1e6])).toBeCloseTo(-1e6 + Math.log(2), 6);
  });

  it('draws the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });
});
