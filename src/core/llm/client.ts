// LlmClient on the official `openai` SDK, for any OpenAI-compatible endpoint. The SDK does the
// HTTP and SSE parsing; this module owns what the SDK does not do the way we need it:
// - a timeout that covers the whole streamed answer (the SDK's stops at the response headers),
// - its own retry loop (SDK retries off) so backoff, Retry-After and cancellation are explicit,
// - `n` answers, falling back to parallel requests for servers that ignore `n`,
// - usage: the server's numbers when it sends them, local counting otherwise.
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { z } from 'zod';
import type { Logger } from '../ports';
import { endpointKey, sharedCapabilities, type EndpointCapabilities } from './capabilities';
import { LlmError, timeoutError, toLlmError, type ErrorContext } from './errors';
import { abortableSleep, defaultRetryPolicy, retryDelayMs, type RetryPolicy } from './retry';
import { tokenCounterFor } from './tokens';
import type { CompletionRequest, CompletionResult, LlmClient, LlmConfig, TokenUsage } from './types';

export interface OpenAiClientOptions {
  logger: Logger;
  /** Where quirks learned about endpoints are remembered; shared per process by default. */
  capabilities?: EndpointCapabilities;
  retryPolicy?: Partial<RetryPolicy>;
  /** Injected in tests to make jitter deterministic. */
  random?: () => number;
  /** Injected in tests to observe retry waits. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stream answers (default true); false sends plain JSON requests. */
  stream?: boolean;
  /** Parallel requests at once when emulating `n` (default 4). */
  maxParallel?: number;
}

/** One HTTP exchange's outcome (after its retries). */
interface Part {
  texts: string[];
  finishReasons: (string | null)[];
  usage?: TokenUsage;
  model: string;
  requests: number;
}

const usageSchema = z.object({ prompt_tokens: z.number().nonnegative(), completion_tokens: z.number().nonnegative() }).nullish();

const chunkSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().int().nonnegative().optional(),
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative().optional(),
      message: z.object({ content: z.string().nullish() }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema,
});

export class OpenAiLlmClient implements LlmClient {
  private readonly sdk: OpenAI;
  private readonly policy: RetryPolicy;
  private readonly capabilities: EndpointCapabilities;
  private readonly key: string;
  private readonly errorContext: ErrorContext;

  constructor(
    private readonly config: LlmConfig,
    private readonly options: OpenAiClientOptions,
  ) {
    const logger = options.logger;
    this.sdk = new OpenAI({
      baseURL: config.baseURL,
      apiKey: config.apiKey ?? 'not-needed',
      defaultHeaders: config.headers,
      maxRetries: 0,
      timeout: config.timeoutMs,
      // The SDK's own log goes to ours (never to the console of the extension host).
      logLevel: 'warn',
      logger: {
        error: (message: string, ...rest: unknown[]) => logger.warn(`openai: ${message} ${rest.map(String).join(' ')}`.trim()),
        warn: (message: string, ...rest: unknown[]) => logger.warn(`openai: ${message} ${rest.map(String).join(' ')}`.trim()),
        info: (message: string) => logger.debug(`openai: ${message}`),
        debug: () => {},
      },
    });
    this.policy = { ...defaultRetryPolicy, ...options.retryPolicy };
    this.capabilities = options.capabilities ?? sharedCapabilities;
    this.key = endpointKey(config);
    this.errorContext = { baseURL: config.baseURL, model: config.model, timeoutMs: config.timeoutMs };
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const started = performance.now();
    const wanted = Math.max(1, Math.floor(request.n ?? 1));
    const label = request.purpose ?? 'completion';
    const headerNames = Object.keys(this.config.headers ?? {});
    this.options.logger.debug(
      `LLM ${label}: ${this.config.model} at ${this.config.baseURL}, n=${wanted}, ${request.messages.length} messages` +
        (headerNames.length ? `, extra headers: ${headerNames.join(', ')}` : ''),
    );
    if (request.signal?.aborted) throw new LlmError('cancelled', 'The LLM request was cancelled.');

    const parts: Part[] = [];
    if (wanted > 1 && this.capabilities.get(this.key).ignoresN) {
      parts.push(...(await this.parallel(request, wanted, 0)));
    } else {
      let first: Part;
      try {
        first = await this.withRetries(request, wanted, 0);
      } catch (error) {
        if (wanted > 1 && error instanceof LlmError && error.kind === 'bad-request' && /\bn\b|'n'|"n"/.test(error.details.serverMessage ?? '')) {
          this.learnIgnoresN(`rejects n (${error.details.serverMessage})`);
          first = { texts: [], finishReasons: [], model: this.config.model, requests: 1 };
        } else {
          throw error;
        }
      }
      if (first.texts.length) parts.push(first);
      const got = first.texts.length;
      if (got < wanted) {
        if (got > 0) this.learnIgnoresN(`returned ${got} of ${wanted} answers`);
        parts.push(...(await this.parallel(request, wanted - got, got)));
      }
    }

    const texts = parts.flatMap((p) => p.texts);
    const finishReasons = parts.flatMap((p) => p.finishReasons);
    const requests = parts.reduce((sum, p) => sum + p.requests, 0);
    const reported = parts.every((p) => p.usage !== undefined);
    const usage = reported ? sumUsage(parts.map((p) => p.usage!)) : this.estimateUsage(request, parts);
    const ms = Math.round(performance.now() - started);
    const truncated = finishReasons.filter((r) => r === 'length').length;
    this.options.logger.info(
      `LLM ${label}: ${texts.length} answer(s) in ${(ms / 1000).toFixed(1)} s, ${usage.prompt} prompt + ${usage.completion} completion tokens` +
        (reported ? '' : ' (counted locally)') +
        (requests > 1 ? `, ${requests} HTTP requests` : '') +
        (truncated ? `, ${truncated} cut at the token limit` : ''),
    );
    return { texts, usage, ms, model: parts.find((p) => p.model)?.model ?? this.config.model, finishReasons, usageEstimated: !reported, requests };
  }

  private learnIgnoresN(reason: string): void {
    if (this.capabilities.get(this.key).ignoresN) return;
    this.capabilities.note(this.key, { ignoresN: true });
    this.options.logger.info(`LLM endpoint ${this.config.baseURL} (${this.config.model}) ${reason}: asking for several answers with parallel requests from now on`);
  }

  /** `count` single-answer requests; answers that failed are left out unless all failed. */
  private async parallel(request: CompletionRequest, count: number, offset: number): Promise<Part[]> {
    const limit = pLimit(Math.max(1, this.options.maxParallel ?? 4));
    const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => limit(() => this.withRetries(request, 1, offset + i))));
    const parts: Part[] = [];
    const errors: LlmError[] = [];
    for (const s of settled) {
      if (s.status === 'fulfilled') parts.push(s.value);
      else errors.push(toLlmError(s.reason, this.errorContext));
    }
    const cancelled = errors.find((e) => e.kind === 'cancelled');
    if (cancelled) throw cancelled;
    if (parts.length === 0 && errors.length && offset === 0) throw errors[0];
    if (errors.length) this.options.logger.warn(`LLM: ${errors.length} of ${count} parallel requests failed; continuing with the others. First error: ${errors[0]!.message}`);
    return parts;
  }

  private async withRetries(request: CompletionRequest, n: number, offset: number): Promise<Part> {
    const sleep = this.options.sleep ?? abortableSleep;
    for (let attempt = 0; ; attempt++) {
      try {
        const part = await this.once(request, n, offset);
        part.requests = attempt + 1;
        return part;
      } catch (raw) {
        let error = toLlmError(raw, this.errorContext);
        if (error.kind === 'bad-request' && /stream_options/.test(error.details.serverMessage ?? '') && !this.capabilities.get(this.key).rejectsStreamOptions) {
          this.capabilities.note(this.key, { rejectsStreamOptions: true });
          this.options.logger.info(`LLM endpoint ${this.config.baseURL} rejects stream_options: streaming without it, counting tokens locally`);
          attempt--;
          continue;
        }
        if (!error.retryable || attempt >= this.config.maxRetries || request.signal?.aborted) {
          if (error.retryable && attempt > 0) error = withAttempts(error, attempt + 1);
          throw error;
        }
        const delayMs = retryDelayMs(error, attempt, this.policy, this.options.random);
        if (delayMs > this.policy.maxRetryAfterMs) {
          throw new LlmError(error.kind, `${error.message} It asks to wait ${Math.ceil(delayMs / 1000)} s before trying again; try again later.`, error.details);
        }
        this.options.logger.warn(`LLM request failed (${error.status ?? error.kind}); retry ${attempt + 1} of ${this.config.maxRetries} in ${(delayMs / 1000).toFixed(1)} s: ${error.message}`);
        request.onRetry?.({ attempt: attempt + 1, delayMs, reason: error.message });
        await sleep(delayMs, request.signal);
        if (request.signal?.aborted) throw new LlmError('cancelled', 'The LLM request was cancelled.');
      }
    }
  }

  /** One HTTP request, bounded by the timeout (whole answer) and the caller's signal. */
  private async once(request: CompletionRequest, n: number, offset: number): Promise<Part> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    const onAbort = () => controller.abort();
    if (request.signal?.aborted) controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const stopped = () => {
      if (request.signal?.aborted) return new LlmError('cancelled', 'The LLM request was cancelled.');
      if (timedOut) return timeoutError(this.errorContext);
      return undefined;
    };
    try {
      const part = this.options.stream === false ? await this.plain(request, n, controller.signal) : await this.streamed(request, n, offset, controller.signal);
      // The SDK ends a stream quietly when it is aborted: a partial answer must not pass as complete.
      const interruption = stopped();
      if (interruption) throw interruption;
      return part;
    } catch (error) {
      throw stopped() ?? error;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  private params(request: CompletionRequest, n: number) {
    const maxTokens = request.maxTokens;
    // OpenAI's reasoning models accept only max_completion_tokens; other servers know max_tokens.
    const isOpenAI = /^https:\/\/api\.openai\.com\//.test(this.config.baseURL);
    return {
      model: this.config.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: request.temperature ?? this.config.temperature,
      ...(n > 1 ? { n } : {}),
      ...(maxTokens ? (isOpenAI ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }) : {}),
    };
  }

  private async plain(request: CompletionRequest, n: number, signal: AbortSignal): Promise<Part> {
    const raw: unknown = await this.sdk.chat.completions.create({ ...this.params(request, n), stream: false }, { signal });
    const parsed = completionSchema.safeParse(raw);
    if (!parsed.success) throw this.badShape(parsed.error);
    const texts: string[] = [];
    const finishReasons: (string | null)[] = [];
    parsed.data.choices.forEach((choice, i) => {
      const index = choice.index ?? i;
      texts[index] = choice.message.content ?? '';
      finishReasons[index] = choice.finish_reason ?? null;
    });
    if (texts.length === 0) throw new LlmError('bad-response', `The LLM server at ${this.config.baseURL} returned no answer (an empty "choices" list).`, { retryable: true });
    const usage = parsed.data.usage ? { prompt: parsed.data.usage.prompt_tokens, completion: parsed.data.usage.completion_tokens } : undefined;
    return { texts: dense(texts), finishReasons: dense(finishReasons, null), usage, model: parsed.data.model ?? this.config.model, requests: 1 };
  }

  private async streamed(request: CompletionRequest, n: number, offset: number, signal: AbortSignal): Promise<Part> {
    const withUsage = !this.capabilities.get(this.key).rejectsStreamOptions;
    const stream = await this.sdk.chat.completions.create(
      { ...this.params(request, n), stream: true, ...(withUsage ? { stream_options: { include_usage: true } } : {}) },
      { signal },
    );
    const texts: string[] = [];
    const finishReasons: (string | null)[] = [];
    let usage: TokenUsage | undefined;
    let model: string | undefined;
    for await (const raw of stream as AsyncIterable<unknown>) {
      const parsed = chunkSchema.safeParse(raw);
      if (!parsed.success) throw this.badShape(parsed.error);
      const chunk = parsed.data;
      model ??= chunk.model;
      if (chunk.usage) usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      for (const choice of chunk.choices ?? []) {
        const index = choice.index ?? 0;
        texts[index] ??= '';
        finishReasons[index] ??= null;
        const delta = choice.delta?.content;
        if (delta) {
          texts[index] += delta;
          request.onDelta?.(offset + index, delta);
        }
        if (choice.finish_reason) finishReasons[index] = choice.finish_reason;
      }
    }
    if (signal.aborted) return { texts: [], finishReasons: [], model: this.config.model, requests: 1 };
    if (texts.length === 0) throw new LlmError('bad-response', `The LLM server at ${this.config.baseURL} streamed no answer.`, { retryable: true });
    const unfinished = finishReasons.filter((r) => r === null).length;
    if (unfinished) this.options.logger.warn(`LLM stream from ${this.config.baseURL} ended without a finish reason for ${unfinished} answer(s); using the text received`);
    return { texts: dense(texts), finishReasons: dense(finishReasons, null), usage, model: model ?? this.config.model, requests: 1 };
  }

  private badShape(error: z.ZodError): LlmError {
    const where = error.issues[0] ? `${error.issues[0].path.join('.')}: ${error.issues[0].message}` : 'unexpected shape';
    return new LlmError('bad-response', `The LLM server at ${this.config.baseURL} sent an answer that is not an OpenAI chat completion (${where}).`);
  }

  private estimateUsage(request: CompletionRequest, parts: Part[]): TokenUsage {
    const counter = tokenCounterFor(this.config.model);
    const promptOnce = counter.countMessages(request.messages);
    let completion = 0;
    for (const part of parts) for (const text of part.texts) completion += counter.count(text);
    // Every HTTP exchange sends the prompt again (n-fallback sends it once per answer).
    const exchanges = parts.filter((p) => p.texts.length > 0).length || 1;
    return { prompt: promptOnce * exchanges, completion };
  }
}

export function createLlmClient(config: LlmConfig, options: OpenAiClientOptions): LlmClient {
  return new OpenAiLlmClient(config, options);
}

function sumUsage(usages: TokenUsage[]): TokenUsage {
  return usages.reduce((a, b) => ({ prompt: a.prompt + b.prompt, completion: a.completion + b.completion }), { prompt: 0, completion: 0 });
}

/** Fills holes left by servers that skip choice indexes. */
function dense<T>(values: T[], hole?: T): T[] {
  return Array.from({ length: values.length }, (_, i) => (values[i] === undefined ? (hole as T) ?? ('' as T) : values[i]!));
}

function withAttempts(error: LlmError, attempts: number): LlmError {
  return new LlmError(error.kind, `${error.message} (gave up after ${attempts} attempts)`, error.details);
}
