import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultImplementationOptions, generateImplementation } from '../../../src/core/generate/generateImplementation';
import type { PickItem, Prompter } from '../../../src/core/ports';
import { disposeSandboxes } from '../../../src/core/testing';
import { startScriptedServer, type ScriptedServer } from '../../support/llm/scriptedServer';
import type { ScriptRule } from '../../support/llm/rules';
import { checkPool } from './support/executor';
import { workerExecutor } from './support/executor';
import { capturingLogger, copyFixture, depsFor, fixturesRoot } from './support/workspace';

const py = (code: string) => '```python\n' + code + '\n```';

const medianRight = py('def median(values: list[float]) -> float:\n    if not values:\n        raise ValueError("median of no values")\n    ordered = sorted(values)\n    mid = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[mid]\n    return (ordered[mid - 1] + ordered[mid]) / 2');
const medianRightToo = 'Here is my version:\n' + py('def median(values):\n    n = len(values)\n    if n == 0:\n        raise ValueError("empty")\n    s = sorted(values)\n    return s[n // 2] if n % 2 == 1 else (s[n // 2 - 1] + s[n // 2]) / 2');
const medianUnsorted = py('def median(values):\n    if not values:\n        raise ValueError("empty")\n    return values[len(values) // 2]');
const medianUpper = py('def median(values):\n    if not values:\n        raise ValueError("empty")\n    return sorted(values)[len(values) // 2]');
const medianUpperToo = py('def median(values):\n    if len(values) == 0:\n        raise ValueError("no values")\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]');

const checksA = py('assert median([1, 3, 2]) == 2\nassert median([4]) == 4\nassert median([1, 2, 3, 4]) == 2.5\nwith pytest.raises(ValueError):\n    median([])');
const checksB = py('assert median([5, 1]) == 3\nassert median([2, 2, 2]) == 2\nassert median([10, 20]) == 15\nassert median([1, 2]) == 2');

function rules(implementations: string[], checks: string[], extra: ScriptRule[] = []): ScriptRule[] {
  return [
    ...extra,
    { name: 'implement', match: { lastUser: '^Implement `' }, reply: { content: implementations } },
    { name: 'checks', match: { lastUser: 'different test cases for' }, reply: { content: checks } },
  ];
}

class FakePrompter implements Prompter {
  readonly questions: { title: string; labels: string[] }[] = [];
  constructor(private readonly answer: (items: PickItem<unknown>[]) => unknown) {}
  async pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined> {
    this.questions.push({ title, labels: items.map((i) => i.label) });
    return this.answer(items as PickItem<unknown>[]) as T | undefined;
  }
}

describe('generateImplementation', () => {
  let server: ScriptedServer;
  const pool = checkPool();
  beforeAll(async () => {
    server = await startScriptedServer({ rules: [] });
  });
  afterAll(async () => {
    await server.close();
    await pool.dispose();
    await disposeSandboxes();
  });

  it('picks the majority-agreeing implementation over one that passes the trivial tests (pytest fixture)', async () => {
    server.setRules(rules([medianRight, medianRightToo, medianRight, medianUnsorted, medianUpper], [checksA, checksB]));
    const work = copyFixture('generate-py');
    try {
      const logger = capturingLogger();
      const deps = depsFor(work.folder, server.baseURL, { executor: workerExecutor(work.folder, pool), logger });
      const outcome = await generateImplementation({ file: 'shelf/stats.py', qualifiedName: 'median' }, deps, defaultImplementationOptions, { logger, signal: new AbortController().signal });
      expect(outcome.message).toMatch(/^Generated median/);
      expect(outcome.status).toBe('generated');
      expect(outcome.target).toEqual({ file: 'shelf/stats.py', qualifiedName: 'median', stub: 'pass' });
      expect(outcome.winner!.fileText).toContain('return (ordered[mid - 1] + ordered[mid]) / 2');
      expect(outcome.checks).toHaveLength(8);
      const evidence = outcome.evidence!;
      expect(evidence.existingTests).toEqual({ passed: ['tests/test_stats.py::test_median_of_unsorted_odd_count'], failed: [] });
      expect(evidence.candidates).toBe(5);
      expect(evidence.distinctCandidates).toBe(4);
      expect(evidence.groupSize).toBe(3);
      expect(evidence.checksPassed).toHaveLength(7);
      expect(evidence.repaired).toBe(false);
      // The unsorted candidate fails the user's test: it is out of the ranking.
      const unsorted = outcome.candidates.find((c) => c.existingTests?.failed.length);
      expect(unsorted?.group).toBeUndefined();

      const [proposal] = outcome.proposals;
      expect(proposal!.kind).toBe('implementation');
      expect(proposal!.changes[0]).toMatchObject({ path: path.join(work.folder, 'shelf/stats.py'), before: readFileSync(path.join(fixturesRoot, 'generate-py/shelf/stats.py'), 'utf8') });
      expect(proposal!.evidence.fixedTests).toEqual(['tests/test_stats.py::test_median_of_unsorted_odd_count']);
      expect(proposal!.evidence.summary).toBe('passes 1/1 existing tests; agreed by 3 of 5 candidates; passes 7/8 generated tests');
      expect(outcome.proposals.slice(1).every((p) => p.kind === 'implementation')).toBe(true);

      const tests = outcome.testsProposal!;
      expect(tests.kind).toBe('tests');
      expect(outcome.testsFile).toBe('tests/test_stats.py');
      const after = tests.changes[0]!.after;
      expect(after).toContain('def test_median_generated_1():\n    assert median([1, 3, 2]) == 2');
      expect(after).toContain('    with pytest.raises(ValueError):\n        median([])');
      expect(after).not.toContain('median([1, 2]) == 2\n');
      expect(after.match(/^import pytest$/m)).toHaveLength(1);
      expect(after.startsWith(readFileSync(path.join(fixturesRoot, 'generate-py/tests/test_stats.py'), 'utf8').split('\n')[0]!)).toBe(true);
      // The workspace is untouched.
      expect(readFileSync(path.join(work.folder, 'shelf/stats.py'), 'utf8')).toContain('    pass\n');
    } finally {
      work.remove();
    }
  });

  it('asks which result is right when the best groups are close, and re-ranks on the answer', async () => {
    // Two right and two "upper middle" candidates, and test cases that contradict each other on
    // even counts: both groups pass three of four, a tie only the user can break.
    server.setRules(rules([medianUpper, medianRight, medianUpperToo, medianRightToo], [py('assert median([3, 1, 2]) == 2\nassert median([7]) == 7\nassert median([1, 2, 3, 4]) == 2.5\nassert median([4, 3, 2, 1]) == 3')]));
    const work = copyFixture('generate-py');
    // Without the user's test of median the question is all that separates the groups (and no runner starts).
    rmSync(path.join(work.folder, 'tests/test_stats.py'));
    try {
      const prompter = new FakePrompter((items) => items.find((i) => i.label === '2.5')?.value);
      const logger = capturingLogger();
      const deps = depsFor(work.folder, server.baseURL, { executor: workerExecutor(work.folder, pool), logger });
      const options = { ...defaultImplementationOptions, candidates: 4 };
      const outcome = await generateImplementation({ file: 'shelf/stats.py', qualifiedName: 'median' }, deps, options, { logger, signal: new AbortController().signal, prompter });
      expect(prompter.questions).toHaveLength(1);
      expect(prompter.questions[0]!.title).toMatch(/^For input median\(\[1, 2, 3, 4\]\), should the result be (2\.5 or 3|3 or 2\.5)\?$/);
      expect(prompter.questions[0]!.labels).toContain('Skip');
      expect(outcome.evidence!.clarifications).toEqual([expect.objectContaining({ call: 'median([1, 2, 3, 4])', answer: '2.5' })]);
      expect(outcome.winner!.fileText).toMatch(/\/ 2\n/);
      expect(outcome.testsProposal!.changes[0]!.after).toContain('assert median([1, 2, 3, 4]) == 2.5');

      const skipping = new FakePrompter(() => undefined);
      const skipped = await generateImplementation({ file: 'shelf/stats.py', qualifiedName: 'median' }, deps, options, { logger, signal: new AbortController().signal, prompter: skipping });
      expect(skipping.questions).toHaveLength(1);
      expect(skipped.evidence!.clarifications).toEqual([{ call: 'median([1, 2, 3, 4])', options: expect.arrayContaining(['2.5', '3']) }]);
      expect(skipped.status).toBe('generated');
    } finally {
      work.remove();
    }
  });

  it('self-debugs a winner that still fails an existing test, through the repair loop', async () => {
    const ignoresSep = py('def slugify(title: str, sep: str = "-") -> str:\n    return "-".join(_WORD.findall(title.lower()))');
    const ignoresSepToo = py('def slugify(title, sep="-"):\n    words = _WORD.findall(title.lower())\n    return "-".join(words)');
    const fixed = 'The separator was ignored.\n' + py('def slugify(title: str, sep: str = "-") -> str:\n    return sep.join(_WORD.findall(title.lower()))');
    const checks = py('assert slugify("Hello, World!") == "hello-world"\nassert slugify("  Dune  ") == "dune"');
    server.setRules(rules([ignoresSep, ignoresSepToo], [checks], [{ name: 'repair', match: { lastUser: 'test fails' }, reply: { content: fixed } }]));
    const work = copyFixture('generate-py');
    try {
      const logger = capturingLogger();
      const deps = depsFor(work.folder, server.baseURL, { executor: workerExecutor(work.folder, pool), logger });
      const outcome = await generateImplementation({ file: 'shelf/text.py', line: 15 }, deps, { ...defaultImplementationOptions, candidates: 2, testSamples: 1 }, { logger, signal: new AbortController().signal });
      expect(outcome.message).toMatch(/after self-debugging/);
      expect(outcome.status).toBe('generated');
      expect(outcome.evidence!.repaired).toBe(true);
      expect(outcome.evidence!.existingTests.failed).toEqual([]);
      expect(outcome.evidence!.existingTests.passed).toHaveLength(2);
      expect(outcome.winner!.fileText).toContain('    return sep.join(_WORD.findall(title.lower()))');
      expect(outcome.evidence!.checksPassed).toEqual(['t1', 't2']);
      expect(server.chatRequests().some((r) => r.rule === 'repair')).toBe(true);
      expect(outcome.proposals[0]!.changes[0]!.after).toBe(outcome.winner!.fileText);
    } finally {
      work.remove();
    }
  });

  it('generates a TypeScript implementation checked by vitest tests and assert-style checks', async () => {
    const ts = (code: string) => '```ts\n' + code + '\n```';
    const right = ts("export function formatCents(cents: number): string {\n  const sign = cents < 0 ? '-' : '';\n  const abs = Math.abs(cents);\n  const dollars = Math.floor(abs / 100).toLocaleString('en-US');\n  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;\n}");
    const rightToo = ts("export function formatCents(cents: number): string {\n  const negative = cents < 0;\n  let whole = String(Math.floor(Math.abs(cents) / 100));\n  const rest = String(Math.abs(cents) % 100).padStart(2, '0');\n  whole = whole.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');\n  return (negative ? '-' : '') + '$' + whole + '.' + rest;\n}");
    const naive = ts('export function formatCents(cents: number): string {\n  return `$${(cents / 100).toFixed(2)}`;\n}');
    const checks = ts("assert.strictEqual(formatCents(123456), '$1,234.56');\nassert.strictEqual(formatCents(-5), '-$0.05');\nexpect(formatCents(0)).toBe('$0.00');\nexpect(formatCents(100)).toBe('$1.00');");
    server.setRules(rules([right, naive, rightToo], [checks]));
    const work = copyFixture('generate-ts');
    try {
      const logger = capturingLogger();
      const deps = depsFor(work.folder, server.baseURL, { executor: workerExecutor(work.folder, pool), logger });
      const outcome = await generateImplementation({ file: 'src/money.ts', qualifiedName: 'formatCents' }, deps, { ...defaultImplementationOptions, candidates: 3, testSamples: 1 }, { logger, signal: new AbortController().signal });
      expect(outcome.message).toMatch(/^Generated formatCents/);
      expect(outcome.evidence!.existingTests.passed).toEqual(['test/money.test.ts::formatCents > prints dollars and cents']);
      expect(outcome.evidence!.groupSize).toBe(2);
      expect(outcome.evidence!.checksPassed).toEqual(['t1', 't2', 't3', 't4']);
      expect(outcome.winner!.fileText).not.toContain('toFixed(2)');
      const tests = outcome.testsProposal!.changes[0]!;
      expect(outcome.testsFile).toBe('test/money.test.ts');
      expect(tests.after).toContain("describe('formatCents (generated)', () => {");
      expect(tests.after).toContain("expect(formatCents(123456)).toBe('$1,234.56');");
      expect(tests.after.match(/import \{[^}]*\} from 'vitest';/g)).toHaveLength(1);
    } finally {
      work.remove();
    }
  });
});
