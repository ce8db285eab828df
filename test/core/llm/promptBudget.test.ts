import { describe, expect, it } from 'vitest';
import { PromptBudgetError, PromptBuilder, trimToTokens } from '../../../src/core/llm/promptBudget';
import { tokenCounterFor } from '../../../src/core/llm/tokens';

const counter = tokenCounterFor('gpt-4o');
const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}: value = compute(${i}) + offset`).join('\n');

function builder() {
  return new PromptBuilder(counter)
    .message('system')
    .add({ id: 'instructions', text: 'You repair code. Answer with SEARCH/REPLACE blocks.', priority: 100, required: true })
    .message('user')
    .add({ id: 'failing-test', text: lines('test', 10), priority: 90, required: true })
    .add({ id: 'trace', text: lines('trace', 60), priority: 60, trim: 'keep-tail' })
    .add({ id: 'suspect-1', text: lines('suspect1', 40), priority: 80, trim: 'keep-head' })
    .add({ id: 'suspect-2', text: lines('suspect2', 40), priority: 50 })
    .add({ id: 'callee-signatures', text: lines('sig', 20), priority: 30 });
}

describe('prompt budget', () => {
  it('keeps everything, in order and in its message, when it fits', () => {
    const built = builder().build({ tokenBudget: 100_000, reserveCompletion: 1_000 });
    expect(built.dropped).toEqual([]);
    expect(built.trimmed).toEqual([]);
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const user = built.messages[1]!.content;
    expect(user.indexOf('test line 1')).toBeLessThan(user.indexOf('trace line 1'));
    expect(user.indexOf('suspect2 line 1')).toBeLessThan(user.indexOf('sig line 1'));
    expect(built.promptTokens).toBe(counter.countMessages(built.messages));
    expect(built.maxCompletionTokens).toBe(100_000 - built.promptTokens);
  });

  it('drops the least relevant context first until prompt + answer fit', () => {
    const full = builder().build({ tokenBudget: 100_000, reserveCompletion: 0 }).promptTokens;
    const sigTokens = counter.count(lines('sig', 20));
    // Just too big for everything: only the signatures (priority 30) go.
    const built = builder().build({ tokenBudget: full - 10 + 500, reserveCompletion: 500 });
    expect(built.dropped).toEqual(['callee-signatures']);
    expect(built.promptTokens).toBeLessThanOrEqual(full - 10);
    expect(built.promptTokens).toBeGreaterThan(full - sigTokens - 20);
    expect(built.messages[1]!.content).not.toContain('sig line');
  });

  it('trims a trimmable section (a trace keeps its tail) before touching more relevant ones', () => {
    const full = builder().build({ tokenBudget: 100_000, reserveCompletion: 0 }).promptTokens;
    const sig = counter.count(lines('sig', 20));
    const s2 = counter.count(lines('suspect2', 40));
    const budget = full - sig - s2 - 200 + 1_000;
    const built = builder().build({ tokenBudget: budget, reserveCompletion: 1_000 });
    expect(built.dropped.sort()).toEqual(['callee-signatures', 'suspect-2']);
    expect(built.trimmed.map((t) => t.id)).toEqual(['trace']);
    const user = built.messages[1]!.content;
    expect(user).toContain('trace line 60');
    expect(user).not.toContain('trace line 1:');
    expect(user).toMatch(/… \(\d+ lines omitted\)\ntrace line/);
    expect(user).toContain('suspect1 line 40');
    expect(built.promptTokens + 1_000).toBeLessThanOrEqual(budget);
  });

  it('never touches required sections and explains a budget that is too small', () => {
    expect(() => builder().build({ tokenBudget: 300, reserveCompletion: 200 })).toThrowError(PromptBudgetError);
    try {
      builder().build({ tokenBudget: 300, reserveCompletion: 200 });
    } catch (error) {
      expect((error as Error).message).toMatch(/needs \d+ tokens.*"selfdebug.tokenBudget" is 300 \(200 of it kept for the answer\)/);
    }
  });

  it('always fits: every budget either fits or throws', () => {
    const required = new PromptBuilder(counter)
      .message('system')
      .add({ id: 'instructions', text: 'You repair code. Answer with SEARCH/REPLACE blocks.', priority: 100, required: true })
      .message('user')
      .add({ id: 'failing-test', text: lines('test', 10), priority: 90, required: true })
      .build({ tokenBudget: 100_000, reserveCompletion: 0 }).promptTokens;
    for (let budget = required; budget < required + 2_500; budget += 97) {
      const built = builder().build({ tokenBudget: budget + 64, reserveCompletion: 64 });
      expect(built.promptTokens + 64).toBeLessThanOrEqual(budget + 64);
      expect(built.included).toContain('failing-test');
    }
  });

  it('trims code by whole lines keeping the head', () => {
    const text = lines('code', 30);
    const cut = trimToTokens(text, 80, 'keep-head', counter);
    expect(counter.count(cut)).toBeLessThanOrEqual(80);
    expect(cut.startsWith('code line 1:')).toBe(true);
    expect(cut).toMatch(/… \(\d+ lines omitted\)$/);
    expect(trimToTokens(text, 10_000, 'keep-head', counter)).toBe(text);
  });
});
