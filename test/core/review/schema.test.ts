import { describe, expect, it } from 'vitest';
import { createReview } from '../../../src/core/review/model';
import { parseProposals, ProposalFormatError, reviewModelSchema } from '../../../src/core/review/schema';

const proposal = {
  id: 'p1',
  title: 'Fix add',
  kind: 'repair',
  changes: [{ path: '/w/calc.py', before: 'a\n', after: 'b\n' }],
  evidence: { summary: 'fixes test_add; 3 tests run, 0 regressions', fixedTests: ['test_add'], stillFailing: [], regressions: [], testsRun: 3 },
};

describe('parseProposals', () => {
  it('accepts one proposal or a list of them', () => {
    expect(parseProposals(proposal)).toHaveLength(1);
    expect(parseProposals([proposal, { ...proposal, id: 'p2' }]).map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it('names every problem of a malformed proposal', () => {
    const bad = { ...proposal, kind: 'magic', changes: [] };
    expect(() => parseProposals(bad)).toThrow(ProposalFormatError);
    try {
      parseProposals(bad);
    } catch (error) {
      expect(String(error)).toMatch(/kind/);
      expect(String(error)).toMatch(/changes/);
    }
  });
});

describe('reviewModelSchema', () => {
  it('round-trips a review model through JSON', () => {
    const model = createReview('a\r\nb\r\n', { before: 'a\nb\n', after: 'a\nc\n' });
    expect(reviewModelSchema.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });
});
