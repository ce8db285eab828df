// Orders candidates: verified ones for the review (fewest regressions, most fixed tests, most
// agreement between candidates, smallest diff), failed ones for the next feedback round.
import type { CandidateResult, CandidateVerdict } from './types';

const verdictOrder: Record<CandidateVerdict, number> = { verified: 0, regressing: 1, failing: 2, error: 3, rejected: 4 };

export function rankVerified(candidates: CandidateResult[]): CandidateResult[] {
  return candidates
    .filter((c) => c.verdict === 'verified')
    .sort(
      (a, b) =>
        a.regressions.length - b.regressions.length ||
        b.fixedTests.length - a.fixedTests.length ||
        b.duplicates - a.duplicates ||
        a.changedLines - b.changedLines ||
        a.id.localeCompare(b.id),
    );
}

/** The most promising failed candidates: most target tests passing, fewest regressions. */
export function mostPromising(candidates: CandidateResult[], count: number): CandidateResult[] {
  return [...candidates]
    .filter((c) => c.verdict !== 'verified')
    .sort(
      (a, b) =>
        b.fixedTests.length - a.fixedTests.length ||
        a.regressions.length - b.regressions.length ||
        verdictOrder[a.verdict] - verdictOrder[b.verdict] ||
        a.changedLines - b.changedLines ||
        a.id.localeCompare(b.id),
    )
    .slice(0, count);
}
