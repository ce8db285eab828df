import { describe, expect, it } from 'vitest';
import { formatSummary, rankWithTiesAgainst, seededRandom, summarize, type MutantResult } from '../../../../src/core/localize/mutation/mutationBench';

describe('rankWithTiesAgainst', () => {
  const suspects = [
    { id: 'a', score: 0.9 },
    { id: 'b', score: 0.5 },
    { id: 'c', score: 0.5 },
    { id: 'd', score: 0.5 },
    { id: 'e', score: 0.1 },
  ];

  it('ranks the target last among equal scores', () => {
    expect(rankWithTiesAgainst(suspects, 'a', 30)).toBe(1);
    expect(rankWithTiesAgainst(suspects, 'b', 30)).toBe(4);
    expect(rankWithTiesAgainst(suspects, 'd', 30)).toBe(4);
    expect(rankWithTiesAgainst(suspects, 'e', 30)).toBe(5);
  });

  it('ranks an unscored target last of all candidates', () => {
    expect(rankWithTiesAgainst(suspects, 'zzz', 30)).toBe(30);
    expect(rankWithTiesAgainst([...suspects, { id: 'z', score: 0 }], 'z', 30)).toBe(30);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('summary line', () => {
  it('prints the accuracies and the mean rank in the benchmark format', () => {
    const mutant = (rank: number) => ({ rank }) as MutantResult;
    const summary = summarize([mutant(1), mutant(2), mutant(4), mutant(9)], 6);
    expect(formatSummary(summary)).toBe('mutants 4 acc@1 0.25 acc@3 0.50 acc@5 0.75 mean-rank 4.00');
  });
});
