import { APIConnectionError } from 'openai';
import { describe, expect, it } from 'vitest';
import { errorCodes, retryAfterMs, toLlmError } from '../../../src/core/llm/errors';
import { backoffDelayMs, defaultRetryPolicy } from '../../../src/core/llm/retry';

const ctx = { baseURL: 'http://localhost:11434/v1', model: 'qwen2.5-coder:7b', timeoutMs: 120_000 };

describe('LLM errors', () => {
  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms first', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': '2', 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('finds error codes deep in cause chains and aggregate errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:11434'), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: new AggregateError([refused], 'all failed') });
    expect(errorCodes(new APIConnectionError({ cause: fetchFailed }))).toContain('ECONNREFUSED');
  });

  it('tells a host that does not resolve from a refused connection', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND llm.invalid'), { code: 'ENOTFOUND' });
    const error = toLlmError(new APIConnectionError({ cause: new TypeError('fetch failed', { cause: dns }) }), ctx);
    expect(error.kind).toBe('host-not-found');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('selfdebug.llm.baseUrl');
  });

  it('computes backoff that grows, is capped, and is jittered', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(400);
  });
});
