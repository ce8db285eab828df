// Every failure of an LLM request becomes an LlmError whose message tells the user what to do.
// Classification looks at the SDK's error classes, HTTP status, OpenAI error codes and the
// Node/undici error codes hidden in `cause` chains.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type LlmErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'model-not-found'
  | 'not-found'
  | 'bad-request'
  | 'context-length'
  | 'quota'
  | 'rate-limited'
  | 'server'
  | 'connection-refused'
  | 'host-not-found'
  | 'connection'
  | 'timeout'
  | 'bad-response'
  | 'cancelled';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** Worth trying again (429, 5xx, dropped connection). */
      retryable?: boolean;
      /** Wait the server asked for, from Retry-After / retry-after-ms. */
      retryAfterMs?: number;
      /** The server's own words, for the log. */
      serverMessage?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'LlmError';
  }

  get retryable(): boolean {
    return this.details.retryable ?? false;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof LlmError && error.kind === 'cancelled';
}

export interface ErrorContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
}

/** Error codes (ECONNREFUSED, UND_ERR_SOCKET, ...) anywhere in an error's cause chain. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) inner.forEach(visit);
  };
  visit(error);
  return codes;
}

const CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Milliseconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function serverMessageOf(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message) return body.message;
  return error.message.replace(/^\d{3}\s*/, '');
}

/** Maps whatever the SDK or fetch threw to an LlmError. */
export function toLlmError(error: unknown, ctx: ErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  const where = ctx.baseURL;
  if (error instanceof APIUserAbortError) return new LlmError('cancelled', 'The LLM request was cancelled.', { cause: error });
  if (error instanceof APIConnectionTimeoutError) return timeoutError(ctx, error);
  if (error instanceof APIConnectionError) return connectionError(error, ctx);
  if (error instanceof APIError && error.status !== undefined) return httpError(error, ctx);
  if (error instanceof APIError) {
    // An error event inside a stream (no status).
    const message = serverMessageOf(error);
    return new LlmError('server', `The LLM server at ${where} reported an error while answering: ${message}`, { retryable: true, serverMessage: message, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new LlmError('bad-response', `The LLM server at ${where} sent an answer that is not valid JSON (${error.message}). Is ${where} an OpenAI-compatible /v1 endpoint?`, { retryable: true, cause: error });
  }
  const codes = errorCodes(error);
  const text = error instanceof Error ? error.message : String(error);
  if (codes.some((c) => CONNECTION_CODES.has(c)) || /terminated|socket|other side closed|premature close/i.test(text)) {
    return new LlmError('connection', `The connection to the LLM server at ${where} broke while it was answering (${describeCause(error)}).`, { retryable: true, cause: error });
  }
  return new LlmError('bad-response', `Unexpected failure talking to the LLM server at ${where}: ${text}`, { cause: error });
}

export function timeoutError(ctx: ErrorContext, cause?: unknown): LlmError {
  const seconds = Math.round(ctx.timeoutMs / 100) / 10;
  return new LlmError('timeout', `The LLM server at ${ctx.baseURL} did not finish answering within ${seconds} s. Raise "selfdebug.llm.timeoutSeconds" or use a faster model.`, { cause });
}

function describeCause(error: unknown): string {
  const codes = errorCodes(error);
  const message = error instanceof Error ? error.message : String(error);
  return codes.length ? `${codes[0]}: ${message}` : message;
}

function connectionError(error: APIConnectionError, ctx: ErrorContext): LlmError {
  const codes = errorCodes(error);
  const where = ctx.baseURL;
  if (codes.includes('ECONNREFUSED')) {
    return new LlmError('connection-refused', `Cannot connect to ${where}: connection refused. Is the server running at ${where}?`, { retryable: true, cause: error });
  }
  if (codes.includes('ENOTFOUND')) {
    return new LlmError('host-not-found', `Cannot connect to ${where}: the host name does not resolve. Check "selfdebug.llm.baseUrl".`, { cause: error });
  }
  return new LlmError('connection', `The connection to the LLM server at ${where} failed (${describeCause(error.cause ?? error)}).`, { retryable: true, cause: error });
}

function httpError(error: APIError, ctx: ErrorContext): LlmError {
  const status = error.status as number;
  const serverMessage = serverMessageOf(error);
  const code = typeof error.code === 'string' ? error.code : undefined;
  const where = ctx.baseURL;
  const base = { status, serverMessage, cause: error };
  const said = serverMessage ? ` The server said: ${serverMessage}` : '';
  if (status === 401) return new LlmError('unauthorized', `The LLM server at ${where} rejected the API key (401). Check your API key ("SelfDebug: Set API Key" or OPENAI_API_KEY).${said}`, base);
  if (status === 403) return new LlmError('forbidden', `The LLM server at ${where} refused access (403). Check your API key's permissions for model "${ctx.model}".${said}`, base);
  if (status === 404) {
    if (code === 'model_not_found' || /model/i.test(serverMessage)) {
      return new LlmError('model-not-found', `Model "${ctx.model}" was not found at ${where}. Check "selfdebug.llm.model" (or SELFDEBUG_MODEL).${said}`, base);
    }
    return new LlmError('not-found', `${where}/chat/completions does not exist (404). Check "selfdebug.llm.baseUrl": it usually ends in /v1.${said}`, base);
  }
  if (status === 429) {
    if (code === 'insufficient_quota') return new LlmError('quota', `The LLM account at ${where} has no quota left (429 insufficient_quota). Check your plan and billing.${said}`, base);
    return new LlmError('rate-limited', `The LLM server at ${where} is rate-limiting requests (429).${said}`, { ...base, retryable: true, retryAfterMs: retryAfterMs(error.headers) });
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new LlmError('server', `The LLM server at ${where} failed (${status}).${said}`, { ...base, retryable: true, retryAfterMs: retryAfterMs(error.headers) });
  }
  if (code === 'context_length_exceeded' || /context length|maximum context|too many tokens/i.test(serverMessage)) {
    return new LlmError('context-length', `The prompt is too long for model "${ctx.model}". Lower "selfdebug.tokenBudget" to the model's context size.${said}`, base);
  }
  return new LlmError('bad-request', `The LLM server at ${where} rejected the request (${status}).${said}`, base);
}
