import { afterAll, describe, expect, it } from 'vitest';
import { CheckPool } from '../../../../src/core/exec/pool';
import type { CandidateRun, ExecLanguage } from '../../../../src/core/exec/types';
import { extractCalls } from '../../../../src/core/generate/clarify/probes';
import { answerToCheck, findQuestion, type Probe, type ProbeOutcome } from '../../../../src/core/generate/clarify/question';
import { rankCandidates } from '../../../../src/core/generate/ranking/rank';
import { silentLogger } from '../../../../src/core/ports/console';

const value = (text: string): ProbeOutcome => ({ status: 'value', text });

describe('findQuestion', () => {
  const probes: Probe[] = [
    { id: 'p0', input: 'f(0)' },
    { id: 'p1', input: 'f(10, 20)' },
    { id: 'p2', input: 'f(3)' },
  ];
  // Candidates 0-2 and 3-4 pass different tests; they agree on f(0) and differ on the others.
  const passes = [[true, false], [true, false], [true, false], [false, true], [false, true]];
  const outcomes = [
    [value('0'), value('30'), value('9')],
    [value('0'), value('30'), value('9')],
    [value('0'), value('30'), value('9')],
    [value('0'), value('200'), value('6')],
    [value('0'), value('200'), value('6')],
  ];

  it('asks about the shortest input where the two best groups differ, leader first', () => {
    const ranking = rankCandidates({ passes }, { method: 'codet' });
    const question = findQuestion(ranking, probes, outcomes)!;
    expect(question.probe.id).toBe('p2');
    expect(question.text).toBe('For input f(3), should the result be 9 or 6?');
    expect(question.options.map((o) => [o.label, o.candidates])).toEqual([
      ['9', [0, 1, 2]],
      ['6', [3, 4]],
    ]);
    // CodeT scores 3 and 2: the runner-up is 2/5 as likely.
    expect(question.closeness).toBeCloseTo(0.4, 12);
  });

  it('does not ask when the leader is far ahead', () => {
    const ranking = rankCandidates({ passes }, { method: 'codet' });
    expect(findQuestion(ranking, probes, outcomes, { minCloseness: 0.45 })).toBeUndefined();
  });

  it('does not ask when the groups compute the same thing on every probe', () => {
    const same = outcomes.map(() => [value('0'), value('30'), value('9')]);
    expect(findQuestion(rankCandidates({ passes }, { method: 'codet' }), probes, same)).toBeUndefined();
    expect(findQuestion(rankCandidates({ passes }, { method: 'codet' }), [], [])).toBeUndefined();
  });

  it('prefers a probe where both groups return a value, and names errors plainly', () => {
    const mixed = outcomes.map((row, i) => (i < 3 ? row : [{ status: 'error', text: 'ZeroDivisionError: division by zero' } as ProbeOutcome, value('200'), value('6')]));
    const question = findQuestion(rankCandidates({ passes }, { method: 'codet' }), probes.slice(0, 1), mixed)!;
    expect(question.text).toBe('For input f(0), should the result be 0 or an error (ZeroDivisionError)?');
  });
});

describe('clarifying with real candidates', () => {
  const pool = new CheckPool({ logger: silentLogger, size: 2 });
  afterAll(() => pool.dispose());

  async function evaluate(language: ExecLanguage, candidates: string[], probes: Probe[]): Promise<ProbeOutcome[][]> {
    const suite = { id: `probes-${language}`, checks: probes.map((p) => ({ id: p.id, code: p.input, kind: 'eval' as const })) };
    const runs = await pool.runMany(candidates.map((code) => ({ language, code, suite })));
    return runs.map((run: CandidateRun) =>
      run.checks.map((c): ProbeOutcome => (c.status === 'pass' ? value(c.value!) : { status: c.status === 'timeout' ? 'timeout' : 'error', text: c.message ?? c.status })),
    );
  }

  async function rerank(language: ExecLanguage, candidates: string[], tests: string[], probesFrom: string, answer: 0 | 1) {
    const probes = (await extractCalls(language, [probesFrom], 'count')).map((input, i) => ({ id: `p${i}`, input }));
    const outcomes = await evaluate(language, candidates, probes);
    const testSuite = { id: `tests-${language}`, checks: tests.map((code, i) => ({ id: `t${i}`, code })) };
    const testRuns = await pool.runMany(candidates.map((code) => ({ language, code, suite: testSuite })));
    const passes = testRuns.map((r) => r.checks.map((c) => c.status === 'pass'));
    const before = rankCandidates({ passes }, { method: 'b4' });
    const question = findQuestion(before, probes, outcomes, { minCloseness: 0 })!;
    const check = answerToCheck(language, question, answer, 'answer');
    const answerRuns = await pool.runMany(candidates.map((code) => ({ language, code, suite: { id: `answer-${language}`, checks: [check] } })));
    const after = rankCandidates({ passes, answered: answerRuns.map((r) => [r.checks[0].status === 'pass']) }, { method: 'b4' });
    return { before, question, after };
  }

  it('Python: the answer becomes a check that moves the chosen group to the top', async () => {
    // Overlapping vs non-overlapping counts of a substring: both groups pass one test each.
    const overlapping = 'def count(s, sub):\n    return sum(1 for i in range(len(s)) if s.startswith(sub, i))\n';
    const disjoint = 'def count(s, sub):\n    return s.count(sub)\n';
    const candidates = [disjoint, disjoint, overlapping];
    // The generated tests side with the disjoint count, which also has more candidates.
    const tests = ['assert count("abc", "b") == 1', 'assert count("aaa", "aa") == 1'];
    const { before, question, after } = await rerank('python', candidates, tests, 'assert count("aaaa", "aa") == 3\nassert count("xyz", "y") == 1', 1);
    expect(before.top).toEqual([0, 1]);
    expect(question.text).toBe(`For input count("aaaa", "aa"), should the result be 2 or 3?`);
    expect(after.top).toEqual([2]);
  });

  it('TypeScript: the answer check compares renderings made by the Node worker', async () => {
    const overlapping = 'function count(s: string, sub: string): number { let n = 0; for (let i = 0; i < s.length; i++) if (s.startsWith(sub, i)) n++; return n; }';
    const disjoint = 'function count(s: string, sub: string): number { return s.split(sub).length - 1; }';
    const candidates = [disjoint, disjoint, overlapping];
    const tests = ['assert.strictEqual(count("abc", "b"), 1)', 'assert.strictEqual(count("aaa", "aa"), 1)'];
    const { before, question, after } = await rerank('typescript', candidates, tests, 'assert.strictEqual(count("aaaa", "aa"), 3);', 1);
    expect(before.top).toEqual([0, 1]);
    expect(question.options.map((o) => o.label)).toEqual(['2', '3']);
    expect(after.top).toEqual([2]);
  });
});

describe('extractCalls', () => {
  it('finds every distinct call of the entry point in Python and TypeScript tests', async () => {
    expect(await extractCalls('python', ['assert f(1) == f(2)', 'assert g(f(1)) and f( 3 )', 'assert ((('], 'f')).toEqual(['f(1)', 'f(2)', 'f( 3 )']);
    expect(await extractCalls('typescript', ['expect(f<number>(1)).toBe(2); obj.f(3); f([1, 2] as number[]);'], 'f')).toEqual(['f<number>(1)', 'f([1, 2] as number[])']);
  });
});
