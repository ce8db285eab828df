import { describe, expect, it } from 'vitest';
import { tokenCounterFor } from '../../../src/core/llm/tokens';
import type { CompletionRequest } from '../../../src/core/llm/types';
import { silentLogger } from '../../../src/core/ports/console';
import { repair, type RepairPromptSettings } from '../../../src/core/repair/repairLoop';
import type { RepairDeps, RunRequest } from '../../../src/core/repair/types';
import { applyWholeFile, breaksCount, failure, fakeIndex, fakeRunner, files, right, scriptedLlm, symbol, wrong, type Script } from './fakes';

const prompt: RepairPromptSettings = {
  language: 'python',
  editFormat: 'Answer with FILE <path> and the whole file.',
  budgetTokens: 100_000,
  reserveCompletion: 2_000,
  counter: tokenCounterFor('gpt-4o-mini'),
};

function setup(script: Script, options: Partial<{ candidates: number; rounds: number }> = {}) {
  const runs: RunRequest[] = [];
  const requests: CompletionRequest[] = [];
  const deps: RepairDeps = {
    llm: scriptedLlm(script, requests),
    index: fakeIndex(),
    framework: 'pytest',
    localize: async () => [{ file: 'shop/cart.py', symbol: 'total', startLine: 1, endLine: 2, score: 1, why: 'frame 1 of trace' }],
    runTests: fakeRunner(runs),
    readFile: async (file) => {
      if (!(file in files)) throw new Error(`ENOENT ${file}`);
      return files[file];
    },
    applyAnswer: applyWholeFile,
  };
  const controller = new AbortController();
  const run = () =>
    repair([failure], deps, { candidatesPerRound: options.candidates ?? 2, maxRounds: options.rounds ?? 3, temperature: 0.8 }, prompt, {
      logger: silentLogger,
      signal: controller.signal,
    });
  return { deps, runs, requests, controller, run };
}

describe('the repair loop', () => {
  it('fixes in the first round when a candidate passes the failing test and the regression set', async () => {
    const { run, runs } = setup(() => [wrong, right]);
    const outcome = await run();
    expect(outcome.status).toBe('fixed');
    expect(outcome.rounds).toBe(1);
    expect(outcome.best?.fixedTests).toEqual(['tests/test_cart.py::test_total']);
    expect(outcome.best?.patch).toContain('-    return sum(prices) - 1');
    expect(outcome.best?.patch).toContain('+    return sum(prices)');
    expect(outcome.tokens).toEqual({ prompt: 100, completion: 40 });
    // The regression set is the test files importing the touched module, run on both sides.
    expect(runs.some((r) => r.label === 'baseline' && r.overlay === undefined)).toBe(true);
    expect(runs.every((r) => r.label.length > 0)).toBe(true);
  });

  it('shows the failing test, the failure and the suspect in the first prompt', async () => {
    const { run, requests } = setup(() => [right]);
    await run();
    const user = requests[0].messages[1].content;
    expect(requests[0].messages[0].content).toContain('Answer with FILE <path>');
    expect(user).toContain('def test_total():');
    expect(user).toContain('assert 2 == 3');
    expect(user).toContain('Expected: 3');
    expect(user).toContain('shop/cart.py:2 in total');
    expect(user).toContain('return sum(prices) - 1');
    expect(user).toContain('def count(prices)'); // signature of a callee
  });

  it('feeds the failure back and fixes in the round after feedback (Self-Debug)', async () => {
    const { run, requests } = setup((_req, call) => (call === 0 ? [wrong, wrong] : [right]));
    const outcome = await run();
    expect(outcome.status).toBe('fixed');
    expect(outcome.rounds).toBe(2);
    const feedback = requests[1].messages;
    expect(feedback.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(feedback[2].content).toBe(wrong);
    expect(feedback[3].content).toContain('```diff');
    expect(feedback[3].content).toContain('-    return sum(prices) - 1');
    expect(feedback[3].content).toContain('still failing: tests/test_cart.py::test_total');
    expect(feedback[3].content).toMatch(/explain, step by step, what your code does/);
  });

  it('counts identical candidates as agreement and runs them once', async () => {
    const { run, runs } = setup(() => [right, right, right]);
    const outcome = await run();
    expect(outcome.best?.duplicates).toBe(2);
    expect(runs.filter((r) => r.label.includes('candidate') && !r.label.includes('regression')).length).toBe(1);
  });

  it('rejects a candidate that breaks a test that passed before, and says which', async () => {
    const { run } = setup(() => [breaksCount], { rounds: 1 });
    const outcome = await run();
    expect(outcome.status).toBe('not-fixed');
    expect(outcome.tried[0].verdict).toBe('regressing');
    expect(outcome.tried[0].regressions).toEqual(['tests/test_cart.py::test_count']);
  });

  it('rejects answers without an edit before running tests and asks again in the format', async () => {
    const { run, runs, requests } = setup((_r, call) => (call === 0 ? ['I think the bug is in total.'] : [right]));
    const outcome = await run();
    expect(outcome.status).toBe('fixed');
    expect(outcome.tried[0].verdict).toBe('rejected');
    expect(runs.filter((r) => r.label.includes('round 1'))).toHaveLength(0);
    expect(requests[1].messages[3].content).toContain('No edit found in the answer.');
  });

  it("may fix a callee in another module, and that module's importers join the regression set", async () => {
    const { deps, run, runs } = setup(() => [`FILE shop/money.py\ndef round_money(amount):\n    return amount\n`], { rounds: 1 });
    deps.index = fakeIndex({
      symbols: [symbol('shop/money.py', 'round_money', 1, 2, 'def round_money(amount)')],
      edges: [
        { from: 'shop/cart.py#total', to: 'shop/money.py#round_money', kind: 'calls', confidence: 1 },
        { from: 'tests/test_money.py', to: 'shop/money.py', kind: 'imports', confidence: 1 },
      ],
    });
    const read = deps.readFile;
    deps.readFile = async (file) => (file === 'shop/money.py' ? 'def round_money(amount):\n    return round(amount, 2)\n' : read(file));
    const bases: Record<string, string>[] = [];
    deps.applyAnswer = async (answer, base) => {
      bases.push(base);
      return applyWholeFile(answer, base);
    };
    // In this project the bug is the helper: with it fixed, every test passes.
    const runner = deps.runTests;
    deps.runTests = async (request) => {
      const result = await runner(request);
      if (!request.overlay?.['shop/money.py']?.includes('return amount\n')) return result;
      return { ...result, passed: result.tests.length, failed: 0, tests: result.tests.map((t) => ({ ...t, status: 'passed' as const })), failures: [], exitCode: 0 };
    };
    const outcome = await run();
    expect(bases[0]['shop/money.py']).toContain('return round(amount, 2)');
    expect(outcome.status).toBe('fixed');
    expect(outcome.best?.patch).toContain('+++ b/shop/money.py');
    const baseline = runs.find((r) => r.label === 'baseline');
    expect(baseline?.files).toEqual(['tests/test_cart.py', 'tests/test_money.py']);
  });

  it('refuses edits to the tests', async () => {
    const cheat = 'FILE tests/test_cart.py\ndef test_total():\n    pass\n';
    const { run } = setup(() => [cheat], { rounds: 1 });
    const outcome = await run();
    expect(outcome.tried[0].verdict).toBe('rejected');
    expect(outcome.tried[0].feedback).toContain('edits test files');
  });

  it('remembers what failed (Reflexion) in later rounds', async () => {
    const { run, requests } = setup((_r, call) => (call < 2 ? [wrong] : [right]), { candidates: 1, rounds: 3 });
    const outcome = await run();
    expect(outcome.rounds).toBe(3);
    const last = requests[2].messages.map((m) => m.content).join('\n');
    expect(last).toContain('Round 1');
  });

  it('gives up after the last round with what came closest', async () => {
    const { run } = setup(() => [wrong], { candidates: 1, rounds: 2 });
    const outcome = await run();
    expect(outcome.status).toBe('not-fixed');
    expect(outcome.rounds).toBe(2);
    expect(outcome.message).toMatch(/No verified fix after 2 round\(s\)/);
  });

  it('reports an LLM failure as an error outcome, not an exception', async () => {
    const { run } = setup(() => new Error('429 Too Many Requests'));
    const outcome = await run();
    expect(outcome.status).toBe('error');
    expect(outcome.message).toContain('429');
  });

  it('stops when cancelled and says nothing was changed', async () => {
    const { run, controller } = setup(() => {
      controller.abort();
      return [wrong];
    });
    const outcome = await run();
    expect(outcome.status).toBe('error');
    expect(outcome.message).toMatch(/cancelled/);
  });
});
