import { describe, expect, it } from 'vitest';
import { expectedOverTop, pickCandidate, rankCandidates, RankingInputError } from '../../../../src/core/generate/ranking/rank';
import { logBeta } from '../../../../src/core/generate/ranking/math';

/** Rows of 0/1 strings -> boolean matrix; `times` repeats a row (identical candidates). */
function matrix(...rows: [string, number][]): boolean[][] {
  return rows.flatMap(([row, times]) => Array.from({ length: times }, () => [...row].map((c) => c === '1')));
}

/** B4's score written out cell by cell, independently of the column-sum implementation. */
function b4Reference(passes: boolean[][], members: number[], alpha = 1e3, beta0 = 1e5): number {
  const n = passes.length;
  const m = passes[0].length;
  const y = passes[members[0]];
  const inX = new Set(members);
  let k1 = 0, n1 = 0, k0 = 0, n0 = 0;
  for (let i = 0; i < n; i++) {
    if (inX.has(i)) continue;
    for (let j = 0; j < m; j++) {
      if (y[j]) { n1++; if (passes[i][j]) k1++; } else { n0++; if (passes[i][j]) k0++; }
    }
  }
  const ys = y.filter(Boolean).length;
  return logBeta(ys + alpha, m - ys + 1) + logBeta(members.length + alpha, n - members.length + 1) + logBeta(k1 + 1, n1 - k1 + 1) + logBeta(k0 + 1, n0 - k0 + beta0);
}

describe('rankCandidates', () => {
  // Candidates 0-1 pass t0,t1; candidate 2 passes all three; candidate 3 passes none.
  const small = matrix(['110', 2], ['111', 1], ['000', 1]);

  it('CodeT scores a group by its size times the tests it passes', () => {
    const ranking = rankCandidates({ passes: small }, { method: 'codet' });
    // {0,1}: 2 x 2 = 4 beats {2}: 1 x 3 = 3 and {3}: 0.
    expect(ranking.groups.map((g) => [g.members, g.score])).toEqual([[[0, 1], 4], [[2], 3], [[3], 0]]);
    expect(ranking.top).toEqual([0, 1]);
    expect(ranking.groups[0].testsPassed).toEqual([0, 1]);
  });

  it('CodeT as released (square root of the group size) prefers the single candidate passing more', () => {
    const ranking = rankCandidates({ passes: small }, { method: 'codet-sqrt' });
    // sqrt(2) x 2 = 2.83 < 1 x 3 = 3.
    expect(ranking.top).toEqual([2]);
    expect(ranking.groups[1].score).toBeCloseTo(2 * Math.SQRT2, 12);
  });

  it('B4 matches its model written out cell by cell', () => {
    const passes = matrix(['110000', 7], ['111111', 2], ['100001', 1]);
    const ranking = rankCandidates({ passes }, { method: 'b4' });
    for (const group of ranking.groups) expect(group.score).toBeCloseTo(b4Reference(passes, group.members), 8);
  });

  it('B4 does not trust a big group that fails tests other candidates pass', () => {
    // 7 candidates pass t0,t1 only; 2 pass all six. CodeT: 7 x 2 = 14 > 2 x 6 = 12.
    // B4: if the 7 were right, t2..t5 would be wrong and the 2 others would pass 8 wrong tests
    // by coincidence (prior: about 1 in 100,000 each), which costs more than 5 missing voters.
    const passes = matrix(['110000', 7], ['111111', 2]);
    expect(rankCandidates({ passes }, { method: 'codet' }).top).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rankCandidates({ passes }, { method: 'b4' }).top).toEqual([7, 8]);
  });

  it('breaks ties uniformly: the expectation is over every top candidate', () => {
    const passes = matrix(['10', 1], ['01', 1]);
    const ranking = rankCandidates({ passes }, { method: 'codet' });
    expect(ranking.top).toEqual([0, 1]);
    expect(expectedOverTop(ranking, (i) => (i === 0 ? 1 : 0))).toBe(0.5);
    // A seeded pick is one of them, and the same for the same seed.
    const pick = pickCandidate(ranking, 42);
    expect([0, 1]).toContain(pick);
    expect(pickCandidate(ranking, 42)).toBe(pick);
    const picks = new Set(Array.from({ length: 50 }, (_, seed) => pickCandidate(ranking, seed)));
    expect(picks).toEqual(new Set([0, 1]));
  });

  it('treats no passing test at all as a tie between every candidate (a random pick)', () => {
    const ranking = rankCandidates({ passes: matrix(['00', 3]) }, { method: 'codet' });
    expect(ranking.top).toEqual([0, 1, 2]);
    expect(rankCandidates({ passes: [[], [], []] }, { method: 'b4' }).top).toEqual([0, 1, 2]);
  });

  it('drops candidates that fail an existing test, whatever their agreement', () => {
    const filters = [[true], [true], [false], [true]];
    const ranking = rankCandidates({ passes: small, filters }, { method: 'codet-sqrt' });
    expect(ranking.excluded).toEqual([2]);
    expect(ranking.top).toEqual([0, 1]);
    expect(ranking.groups.flatMap((g) => g.members)).not.toContain(2);
    const none = rankCandidates({ passes: small, filters: [[false], [false], [false], [false]] });
    expect(none.top).toEqual([]);
    expect(pickCandidate(none, 1)).toBeUndefined();
  });

  it('puts candidates that satisfy the user\'s answers first', () => {
    const passes = matrix(['110000', 7], ['111111', 2]);
    // The user answered one question; only candidate 3 (of the big group) agrees with it.
    const answered = passes.map((_, i) => [i === 3]);
    const ranking = rankCandidates({ passes, answered }, { method: 'b4' });
    expect(ranking.top).toEqual([3]);
    expect(ranking.groups[0].answersFailed).toBe(0);
    expect(ranking.groups[0].evidence).toContain('1 of 1 of your answers hold');
  });

  it('behaviour: splits a pass-set group by what its members compute, keeping the majority', () => {
    const passes = matrix(['11', 3], ['10', 1]);
    const outputs = [['4'], ['4'], ['5'], ['9']];
    const b4 = rankCandidates({ passes, outputs }, { method: 'b4' });
    expect(b4.top).toEqual([0, 1, 2]);
    const ranking = rankCandidates({ passes, outputs }, { method: 'behaviour' });
    expect(ranking.top).toEqual([0, 1]);
    expect(ranking.groups[0].agreeingCandidates).toBe(3);
    expect(ranking.groups[0].evidence).toBe('3 of 4 candidates agree: they pass the same 2 of 2 generated tests; 2 of them compute the same outputs');
    // Without outputs it is B4.
    expect(rankCandidates({ passes }, { method: 'behaviour' }).top).toEqual([0, 1, 2]);
  });

  it('is deterministic: the same input gives the same ranking', () => {
    const passes = matrix(['1010', 3], ['0110', 3], ['1111', 1], ['0000', 2]);
    const a = rankCandidates({ passes });
    const b = rankCandidates({ passes: passes.map((r) => [...r]) });
    expect(b).toEqual(a);
  });

  it('rejects matrices of the wrong shape with a clear error', () => {
    expect(() => rankCandidates({ passes: [[true, false], [true]] })).toThrow(RankingInputError);
    expect(() => rankCandidates({ passes: [[true]], filters: [] })).toThrow(/filters has 0 rows for 1 candidates/);
    expect(() => rankCandidates({ passes: [[true]] }, { method: 'nope' as never })).toThrow(/Unknown ranking method/);
  });
});
