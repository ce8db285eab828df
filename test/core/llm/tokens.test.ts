import { describe, expect, it } from 'vitest';
import { encodingForModel, tokenCounterFor } from '../../../src/core/llm/tokens';

describe('token counting', () => {
  it('picks the encoding by model family', () => {
    expect(encodingForModel('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingForModel('gpt-4.1')).toBe('o200k_base');
    expect(encodingForModel('o3-mini')).toBe('o200k_base');
    expect(encodingForModel('openai/gpt-5')).toBe('o200k_base');
    expect(encodingForModel('ft:gpt-4o-2024-08-06:acme::abc')).toBe('o200k_base');
    expect(encodingForModel('gpt-4')).toBe('cl100k_base');
    expect(encodingForModel('gpt-3.5-turbo')).toBe('cl100k_base');
    expect(encodingForModel('qwen2.5-coder:7b')).toBeUndefined();
  });

  it('counts real BPE tokens, exactly for OpenAI models', () => {
    const counter = tokenCounterFor('gpt-4o');
    expect(counter.exact).toBe(true);
    expect(counter.count('hello world')).toBe(2);
    expect(counter.count('')).toBe(0);
    // o200k has a larger vocabulary than cl100k: fewer tokens for the same non-English text.
    const text = 'Добро пожаловать в мир кода';
    expect(counter.count(text)).toBe(8);
    expect(tokenCounterFor('gpt-4').count(text)).toBe(14);
  });

  it('adds a margin for local models whose tokenizer it does not ship', () => {
    const local = tokenCounterFor('llama3.1:8b');
    const text = 'function add(a: number, b: number): number { return a + b; }';
    expect(local.exact).toBe(false);
    expect(local.encoding).toBe('o200k_base');
    expect(local.count(text)).toBeGreaterThan(tokenCounterFor('gpt-4o').count(text));
  });

  it('counts special-token text in user code as plain text', () => {
    expect(tokenCounterFor('gpt-4o').count('s = "<|endoftext|>"')).toBeGreaterThan(3);
  });

  it('counts chat framing per message', () => {
    const counter = tokenCounterFor('gpt-4o');
    const one = counter.countMessages([{ role: 'user', content: 'hello world' }]);
    const two = counter.countMessages([
      { role: 'system', content: 'hello world' },
      { role: 'user', content: 'hello world' },
    ]);
    expect(one).toBe(2 + 4 + 3);
    expect(two - one).toBe(2 + 4);
  });

  it('truncates to a token limit', () => {
    const counter = tokenCounterFor('gpt-4o');
    const text = 'one two three four five six seven eight nine ten';
    const cut = counter.truncate(text, 4);
    expect(counter.count(cut)).toBeLessThanOrEqual(4);
    expect(text.startsWith(cut)).toBe(true);
    expect(counter.truncate(text, 100)).toBe(text);
  });
});
