import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointCapabilities } from '../../../src/core/llm/capabilities';
import { OpenAiLlmClient, type OpenAiClientOptions } from '../../../src/core/llm/client';
import { LlmError } from '../../../src/core/llm/errors';
import type { CompletionRequest, LlmConfig } from '../../../src/core/llm/types';
import type { Logger } from '../../../src/core/ports';
import type { ScriptRule } from '../../support/llm/rules';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from '../../support/llm/scriptedServer';

const API_KEY = 'sk-very-secret-key';
const HEADER_SECRET = 'header-secret-value';

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, e?: unknown) => lines.push(`${level} ${m}${e ? ` ${String(e)}` : ''}`);
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

let server: ScriptedServer;
let logger: ReturnType<typeof memoryLogger>;
let capabilities: EndpointCapabilities;

async function serve(rules: ScriptRule[], options: Omit<ScriptedServerOptions, 'rules'> = {}) {
  server = await startScriptedServer({ rules, ...options });
  return server;
}

function client(config: Partial<LlmConfig> = {}, options: Partial<OpenAiClientOptions> = {}) {
  return new OpenAiLlmClient(
    {
      baseURL: server.baseURL,
      apiKey: API_KEY,
      model: 'test-model',
      headers: { 'x-team-token': HEADER_SECRET },
      timeoutMs: 5_000,
      maxRetries: 3,
      temperature: 0.8,
      tokenBudget: 16_000,
      ...config,
    },
    { logger, capabilities, retryPolicy: { baseDelayMs: 20, maxDelayMs: 200 }, ...options },
  );
}

const ask = (text: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ messages: [{ role: 'system', content: 'You fix code.' }, { role: 'user', content: text }], ...extra });

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

beforeEach(() => {
  logger = memoryLogger();
  capabilities = new EndpointCapabilities();
});

afterEach(async () => {
  await server?.close();
  // The API key and secret header values never reach the log.
  const log = logger.lines.join('\n');
  expect(log).not.toContain(API_KEY);
  expect(log).not.toContain(HEADER_SECRET);
});

describe('OpenAI-compatible client: answers', () => {
  it('streams deltas through onDelta and reports the server usage', async () => {
    await serve([{ match: { lastUser: 'total' }, reply: { content: 'def total(items):\n    return sum(items)\n', chunkSize: 5 } }]);
    const deltas: string[] = [];
    const result = await client().complete(ask('fix total', { onDelta: (choice, text) => deltas.push(`${choice}:${text}`) }));
    expect(result.texts).toEqual(['def total(items):\n    return sum(items)\n']);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((d) => d.startsWith('0:'))).toBe(true);
    expect(deltas.map((d) => d.slice(2)).join('')).toBe(result.texts[0]);
    expect(result.usageEstimated).toBe(false);
    expect(result.usage.prompt).toBeGreaterThan(0);
    expect(result.usage.completion).toBeGreaterThan(0);
    expect(result.finishReasons).toEqual(['stop']);
    expect(result.ms).toBeGreaterThanOrEqual(0);

    const [request] = server.chatRequests();
    expect(request!.body).toMatchObject({ model: 'test-model', stream: true, stream_options: { include_usage: true }, temperature: 0.8 });
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.headers['x-team-token']).toBe(HEADER_SECRET);
  });

  it('works without streaming too', async () => {
    await serve([{ reply: { content: 'plain answer' } }]);
    const result = await client({}, { stream: false }).complete(ask('anything'));
    expect(result.texts).toEqual(['plain answer']);
    expect(server.chatRequests()[0]!.body).not.toHaveProperty('stream', true);
    expect(result.usageEstimated).toBe(false);
  });

  it('counts tokens itself when the server sends no usage', async () => {
    await serve([{ reply: { content: 'return a + b', usage: false } }]);
    const result = await client().complete(ask('add two numbers'));
    expect(result.usageEstimated).toBe(true);
    expect(result.usage.prompt).toBeGreaterThan(5);
    expect(result.usage.completion).toBeGreaterThanOrEqual(4);
  });

  it('passes temperature and max tokens of the request', async () => {
    await serve([{ reply: { content: 'ok' } }]);
    await client().complete(ask('x', { temperature: 0.2, maxTokens: 300 }));
    expect(server.chatRequests()[0]!.body).toMatchObject({ temperature: 0.2, max_tokens: 300 });
  });

  it('reports a truncated answer through its finish reason', async () => {
    await serve([{ reply: { content: 'def f():\n    return 1\n', truncateAt: 10 } }]);
    const result = await client().complete(ask('x'));
    expect(result.texts).toEqual(['def f():\n ']);
    expect(result.finishReasons).toEqual(['length']);
  });
});

describe('OpenAI-compatible client: several candidates', () => {
  it('asks for n answers in one request when the server honours n', async () => {
    await serve([{ reply: { content: ['first', 'second', 'third'] } }]);
    const seen = new Set<number>();
    const result = await client().complete(ask('x', { n: 3, onDelta: (choice) => seen.add(choice) }));
    expect(result.texts).toEqual(['first', 'second', 'third']);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(server.chatRequests()).toHaveLength(1);
    expect(server.chatRequests()[0]!.body).toMatchObject({ n: 3 });
  });

  it('falls back to parallel requests when the server ignores n, and remembers it', async () => {
    let answer = 0;
    await serve([{ reply: () => ({ content: `answer ${++answer}` }) }], { ignoreN: true });
    const llm = client();
    const seen = new Set<number>();
    const first = await llm.complete(ask('x', { n: 3, onDelta: (choice) => seen.add(choice) }));
    expect(first.texts.sort()).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(first.requests).toBe(3);
    expect(server.chatRequests()).toHaveLength(3);
    // Usage of all three exchanges is summed.
    expect(first.usage.prompt).toBeGreaterThan(0);
    const single = server.chatRequests()[1]!.body as Record<string, unknown>;
    expect(single.n).toBeUndefined();

    const second = await llm.complete(ask('y', { n: 2 }));
    expect(second.texts).toHaveLength(2);
    // Remembered: no more requests with n.
    const later = server.chatRequests().slice(3);
    expect(later).toHaveLength(2);
    expect(later.every((r) => (r.body as Record<string, unknown>).n === undefined)).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/returned 1 of 3 answers/);
  });

  it('falls back to parallel requests when the server rejects n', async () => {
    await serve([
      { match: (r) => r.n > 1, reply: { status: 400, error: { message: "Invalid value for 'n': only n=1 is supported." } } },
      { reply: { content: 'single' } },
    ]);
    const result = await client().complete(ask('x', { n: 2 }));
    expect(result.texts).toEqual(['single', 'single']);
    expect(capabilities.get(`${server.baseURL} test-model`).ignoresN).toBe(true);
  });

  it('returns the answers it got when some parallel requests fail', async () => {
    await serve([{ times: 1, reply: { content: 'only one' } }, { reply: { status: 400, error: { message: 'bad' } } }], { ignoreN: true });
    const result = await client().complete(ask('x', { n: 3 }));
    expect(result.texts).toEqual(['only one']);
    expect(logger.lines.join('\n')).toMatch(/2 of 2 parallel requests failed/);
  });
});

describe('OpenAI-compatible client: retries', () => {
  it('honours Retry-After on 429 before retrying', async () => {
    await serve([{ times: 1, reply: { status: 429, retryAfter: 1, error: { message: 'Rate limit reached' } } }, { reply: { content: 'after the wait' } }]);
    const started = Date.now();
    const retries: number[] = [];
    const result = await client().complete(ask('x', { onRetry: (info) => retries.push(info.delayMs) }));
    expect(result.texts).toEqual(['after the wait']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([1000]);
    expect(result.requests).toBe(2);
    expect(logger.lines.join('\n')).toMatch(/retry 1 of 3 in 1\.0 s/);
  });

  it('backs off exponentially with jitter on 5xx', async () => {
    await serve([{ times: 2, reply: { status: 503, error: { message: 'overloaded' } } }, { reply: { content: 'finally' } }]);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const result = await client({}, { sleep, random: () => 0.5, retryPolicy: { baseDelayMs: 400, maxDelayMs: 10_000 } }).complete(ask('x'));
    expect(result.texts).toEqual(['finally']);
    // Equal jitter: half of the step fixed, half random (0.5 here): 400 → 300, 800 → 600.
    expect(waits).toEqual([300, 600]);
  });

  it('gives up after maxRetries with a clear server error', async () => {
    await serve([{ reply: { status: 500, error: { message: 'boom' } } }]);
    const error = await failure(client({ maxRetries: 2 }).complete(ask('x')));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/failed \(500\).*boom.*gave up after 3 attempts/);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than the policy allows', async () => {
    await serve([{ reply: { status: 429, retryAfter: 3600 } }]);
    const error = await failure(client({}, { retryPolicy: { maxRetryAfterMs: 10_000 } }).complete(ask('x')));
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/asks to wait 3600 s/);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('does not retry a quota error', async () => {
    await serve([{ reply: { status: 429, error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } } }]);
    const error = await failure(client().complete(ask('x')));
    expect(error.kind).toBe('quota');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('retries a connection dropped mid-stream and tells the caller to discard streamed text', async () => {
    await serve([{ times: 1, reply: { content: 'x'.repeat(200), dropAfterChars: 40 } }, { reply: { content: 'complete answer' } }]);
    const retried: string[] = [];
    const result = await client().complete(ask('x', { onRetry: (info) => retried.push(info.reason) }));
    expect(result.texts).toEqual(['complete answer']);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatch(/connection/i);
  });

  it('reports a connection that keeps dropping', async () => {
    await serve([{ reply: { content: 'x'.repeat(200), dropAfterChars: 40 } }]);
    const error = await failure(client({ maxRetries: 1 }).complete(ask('x')));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/broke while it was answering/);
  });

  it('retries a malformed JSON answer, then reports it clearly', async () => {
    await serve([{ times: 1, reply: { content: 'x', malformed: true } }, { reply: { content: 'good json' } }]);
    expect((await client({}, { stream: false }).complete(ask('x'))).texts).toEqual(['good json']);
    server.setRules([{ reply: { content: 'some text to stream', malformed: true } }]);
    const error = await failure(client({ maxRetries: 1 }).complete(ask('x')));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('streams without stream_options when the server rejects them', async () => {
    await serve([
      { match: (r) => 'stream_options' in r.body, reply: { status: 400, error: { message: 'Unrecognized request argument supplied: stream_options' } } },
      { reply: { content: 'fine' } },
    ]);
    const llm = client();
    const result = await llm.complete(ask('x'));
    expect(result.texts).toEqual(['fine']);
    expect(result.usageEstimated).toBe(true);
    await llm.complete(ask('y'));
    expect(server.chatRequests().map((r) => 'stream_options' in (r.body as object))).toEqual([true, false, false]);
  });
});

describe('OpenAI-compatible client: errors the user can act on', () => {
  it('says to check the API key on 401, without retrying', async () => {
    await serve([{ reply: { content: 'never' } }], { apiKey: 'sk-other' });
    const error = await failure(client().complete(ask('x')));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/check your API key/i);
    expect(error.message).not.toContain(API_KEY);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('names the model that was not found', async () => {
    await serve([{ reply: { content: 'never' } }], { models: ['qwen2.5-coder:7b'] });
    const error = await failure(client({ model: 'qwen2.5-coder:70b' }).complete(ask('x')));
    expect(error.kind).toBe('model-not-found');
    expect(error.message).toContain('Model "qwen2.5-coder:70b" was not found');
    expect(error.message).toContain('selfdebug.llm.model');
  });

  it('points at the base URL when the path does not exist', async () => {
    await serve([]);
    const error = await failure(client({ baseURL: server.url, maxRetries: 0 }).complete(ask('x')));
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/usually ends in \/v1/);
  });

  it('asks whether the server is running when the connection is refused', async () => {
    await serve([]);
    const baseURL = server.baseURL;
    await server.close();
    const error = await failure(client({ baseURL, maxRetries: 1 }).complete(ask('x')));
    expect(error.kind).toBe('connection-refused');
    expect(error.message).toContain(`Is the server running at ${baseURL}?`);
  });

  it('times out a slow answer, without retrying it', async () => {
    await serve([{ reply: { content: 'late', delayMs: 3_000 } }]);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).complete(ask('x')));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/within 0\.3 s.*selfdebug\.llm\.timeoutSeconds/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('times out a stream that keeps going past the timeout (the whole answer is bounded)', async () => {
    await serve([{ reply: { content: 'y'.repeat(100), chunkSize: 10, chunkDelayMs: 150 } }]);
    const deltas: string[] = [];
    const error = await failure(client({ timeoutMs: 400 }).complete(ask('x', { onDelta: (_, t) => deltas.push(t) })));
    expect(error.kind).toBe('timeout');
    expect(deltas.length).toBeGreaterThan(0);
  });

  it('turns a server-reported 400 into a bad-request error with the server message', async () => {
    await serve([{ reply: { status: 400, error: { message: 'messages[0].content is required' } } }]);
    const error = await failure(client().complete(ask('x')));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('messages[0].content is required');
  });

  it('recognises a context-length error', async () => {
    await serve([{ reply: { status: 400, error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' } } }]);
    const error = await failure(client().complete(ask('x')));
    expect(error.kind).toBe('context-length');
    expect(error.message).toContain('selfdebug.tokenBudget');
  });

  it('says which request had no matching answer (the fallback of the scripted server)', async () => {
    await serve([{ match: { lastUser: 'never matches' }, reply: { content: 'x' } }]);
    const error = await failure(client().complete(ask('hello there')));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('no rule matches');
  });
});

describe('OpenAI-compatible client: cancellation', () => {
  it('aborts the HTTP request mid-stream', async () => {
    await serve([{ reply: { content: 'z'.repeat(400), chunkSize: 10, chunkDelayMs: 100 } }]);
    const controller = new AbortController();
    const started = Date.now();
    let deltas = 0;
    const error = await failure(
      client().complete(
        ask('x', {
          signal: controller.signal,
          onDelta: () => {
            if (++deltas === 2) controller.abort();
          },
        }),
      ),
    );
    expect(error.kind).toBe('cancelled');
    // The full answer would take 4 s; the abort ends it at once.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(deltas).toBeLessThan(5);
  });

  it('stops waiting to retry when cancelled', async () => {
    await serve([{ reply: { status: 429, retryAfter: 30 } }]);
    const controller = new AbortController();
    const pending = client().complete(ask('x', { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 50) }));
    const started = Date.now();
    const error = await failure(pending);
    expect(error.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not even send a request that is already cancelled', async () => {
    await serve([{ reply: { content: 'x' } }]);
    const error = await failure(client().complete(ask('x', { signal: AbortSignal.abort() })));
    expect(error.kind).toBe('cancelled');
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('cancels every parallel request of an n-fallback', async () => {
    await serve([{ reply: { content: 'w'.repeat(300), chunkSize: 5, chunkDelayMs: 100 } }], { ignoreN: true });
    capabilities.note(`${server.baseURL} test-model`, { ignoresN: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await failure(client().complete(ask('x', { n: 3, signal: controller.signal })));
    expect(error.kind).toBe('cancelled');
  });
});
