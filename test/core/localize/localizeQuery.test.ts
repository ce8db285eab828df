import { describe, expect, it } from 'vitest';
import { expandAlongGraph } from '../../../src/core/localize/graphExpansion';
import { parseRanking, rerankPrompt } from '../../../src/core/localize/llmRerank';
import { localizeQuery } from '../../../src/core/localize/localizeQuery';
import type { CompletionRequest, CompletionResult, LlmClient } from '../../../src/core/llm/types';
import { silentLogger } from '../../../src/core/ports/console';
import { FakeIndex } from './support/fakeIndex';

// The report's words match `checkout`; the bug is in `apply_coupon`, which checkout calls.
const index = new FakeIndex(
  [
    { file: 'shop/cart.py', name: 'Cart', kind: 'class', lines: [1, 40], text: 'cart' },
    { file: 'shop/cart.py', name: 'Cart.checkout', lines: [2, 10], text: 'checkout order total coupon' },
    { file: 'shop/cart.py', name: 'Cart.add', lines: [12, 15], text: 'add item' },
    { file: 'shop/pricing.py', name: 'apply_coupon', lines: [1, 9], text: 'apply' },
    { file: 'shop/pricing.py', name: 'tax_for', lines: [11, 14], text: 'tax region' },
    { file: 'shop/report.py', name: 'print_order', lines: [1, 5], text: 'print order' },
    { file: 'tests/test_cart.py', name: 'test_checkout', lines: [1, 5], text: 'checkout coupon total order' },
  ],
  [
    ['shop/cart.py#Cart.checkout', 'shop/pricing.py#apply_coupon', 'calls', 0.9, 5],
    ['shop/cart.py#Cart.checkout', 'shop/pricing.py#tax_for', 'calls', 0.9, 6],
    ['shop/cart.py#Cart', 'shop/cart.py#Cart.checkout', 'contains'],
    ['shop/cart.py#Cart', 'shop/cart.py#Cart.add', 'contains'],
  ],
);

class ScriptedLlm implements LlmClient {
  requests: CompletionRequest[] = [];
  constructor(private readonly answer: string | Error) {}
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.requests.push(request);
    if (this.answer instanceof Error) throw this.answer;
    return { texts: [this.answer], usage: { prompt: 10, completion: 5 }, ms: 1, model: 'scripted' };
  }
}

describe('expandAlongGraph', () => {
  it('passes a share of a hit’s score to what it calls and to its class siblings', () => {
    const scores = expandAlongGraph(index, [{ id: 'shop/cart.py#Cart.checkout', score: 1 }]);
    const byName = Object.fromEntries(scores.map((s) => [s.symbol.qualifiedName, s]));
    expect(byName['Cart.checkout'].own).toBe(1);
    expect(byName['apply_coupon'].borrowed).toBeCloseTo(0.4 * 0.9);
    expect(byName['apply_coupon'].via).toEqual({ id: 'shop/cart.py#Cart.checkout', relation: 'called by' });
    expect(byName['Cart.add'].borrowed).toBeCloseTo(0.1);
    expect(byName['print_order']).toBeUndefined();
  });

  it('passes a class hit on to its methods', () => {
    const scores = expandAlongGraph(index, [{ id: 'shop/cart.py#Cart', score: 1 }]);
    expect(scores.map((s) => s.symbol.qualifiedName).sort()).toEqual(['Cart.add', 'Cart.checkout']);
  });
});

describe('localizeQuery', () => {
  it('ranks text hits first and pulls in their callees with a reason', async () => {
    const suspects = await localizeQuery({ index, query: 'the checkout total ignores my coupon' });
    expect(suspects[0]).toMatchObject({ symbol: 'Cart.checkout', why: 'text match #1 for the report' });
    const coupon = suspects.find((s) => s.symbol === 'apply_coupon')!;
    expect(coupon.why).toBe('called by Cart.checkout (text match #1)');
    expect(suspects.some((s) => s.file.startsWith('tests/'))).toBe(false);
  });

  it('returns nothing for a query that matches nothing', async () => {
    expect(await localizeQuery({ index, query: 'zebra' })).toEqual([]);
    expect(await localizeQuery({ index, query: '   ' })).toEqual([]);
  });

  it('lets a configured LLM re-rank the top candidates', async () => {
    const llm = new ScriptedLlm('```json\n{"ranking": ["shop/pricing.py#apply_coupon", "shop/cart.py#Cart.checkout", "nonsense"]}\n```');
    const suspects = await localizeQuery({ index, query: 'the checkout total ignores my coupon', llm, logger: silentLogger });
    expect(suspects.map((s) => s.symbol).slice(0, 2)).toEqual(['apply_coupon', 'Cart.checkout']);
    expect(suspects[0].why).toMatch(/^LLM rank 1; /);
    expect(llm.requests[0].messages[0].content).toContain('### shop/pricing.py#apply_coupon');
  });

  it('keeps the search ranking when the LLM answer is unusable or the call fails', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const plain = await localizeQuery({ index, query: 'checkout coupon' });
    for (const llm of [new ScriptedLlm('I think it is the coupon code.'), new ScriptedLlm('{"ranking": ["unknown#x"]}'), new ScriptedLlm(new Error('503'))]) {
      const suspects = await localizeQuery({ index, query: 'checkout coupon', llm, logger });
      expect(suspects).toEqual(plain);
    }
    expect(warnings).toHaveLength(3);
  });
});

describe('LLM re-rank prompt and answer', () => {
  it('shows each candidate with its id, signature and code', () => {
    const prompt = rerankPrompt('coupon ignored', [{ id: 'shop/pricing.py#apply_coupon', file: 'shop/pricing.py', symbol: 'apply_coupon', startLine: 1, endLine: 9, score: 1, why: '', signals: { trace: 0, spectrum: 0, calls: 0, lexical: 1, assertion: 0, origin: 0 } }], index);
    expect(prompt).toContain('coupon ignored');
    expect(prompt).toContain('### shop/pricing.py#apply_coupon');
    expect(prompt).toContain('def apply_coupon()');
  });

  it('reads bare, fenced and embedded JSON answers', () => {
    expect(parseRanking('{"ranking": ["a", "b"]}')).toEqual(['a', 'b']);
    expect(parseRanking('Here:\n```json\n{"ranking": ["a"]}\n```')).toEqual(['a']);
    expect(parseRanking('Answer: {"ranking": ["b"]} done')).toEqual(['b']);
    expect(parseRanking('{"ranking": []}')).toBeUndefined();
    expect(parseRanking('no json')).toBeUndefined();
  });
});
