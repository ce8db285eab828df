// What the scripted OpenAI-compatible server answers, and how it misbehaves. Rules are plain
// data so they can come from a JSON file (standalone server for E2E and manual use); tests may
// also pass functions for matching and replying.
import { z } from 'zod';

/** The parts of a chat-completions request that rules match on. */
export interface RequestView {
  /** 0-based position of this request among all chat-completion requests the server got. */
  index: number;
  model: string;
  n: number;
  stream: boolean;
  messages: { role: string; content: string }[];
  system: string;
  lastUser: string;
  /** Every message's content, joined with blank lines. */
  allText: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One answer or one misbehaviour. Fields combine (e.g. `content` + `truncateAt` + `ignoreN`). */
export interface ScriptReply {
  /** Answer text; an array gives one text per choice (cycled when `n` is larger). */
  content?: string | string[];
  /** HTTP error status (e.g. 429, 500, 401, 404); the body is an OpenAI-style error object. */
  status?: number;
  error?: { message?: string; type?: string; code?: string | null };
  /** Seconds, sent as the Retry-After header (with `status`). */
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending anything (a slow model; use it to trigger timeouts). */
  delayMs?: number;
  /** Streaming: wait this long between chunks. */
  chunkDelayMs?: number;
  /** Streaming: characters per delta (default 16). */
  chunkSize?: number;
  /** Close the socket after this many characters of the answer (mid-stream for streaming). */
  dropAfterChars?: number;
  /** Cut every answer to this many characters and report finish_reason "length". */
  truncateAt?: number;
  /** Send a body (or one SSE event) that is not valid JSON. */
  malformed?: boolean;
  /** Return one choice whatever `n` asks for. */
  ignoreN?: boolean;
  /** Set to false to leave usage out even when the client asks for it. */
  usage?: boolean;
  finishReason?: 'stop' | 'length' | 'content_filter';
}

export type Pattern = string | RegExp;

export interface RuleMatch {
  /** Regex (source string or RegExp) tested against the last user message. */
  lastUser?: Pattern;
  /** Regex tested against every message's content. */
  anyMessage?: Pattern;
  system?: Pattern;
  model?: string;
  stream?: boolean;
}

export interface ScriptRule {
  name?: string;
  match?: RuleMatch | ((request: RequestView) => boolean);
  /** The rule is used at most this many times, then skipped (script "first wrong, then right"). */
  times?: number;
  reply: ScriptReply | ((request: RequestView, use: number) => ScriptReply);
}

export interface ScriptFile {
  rules: ScriptRule[];
  /** Answer when no rule matches (default: a 400 error naming the unmatched request). */
  fallback?: ScriptReply;
  /** Models listed by GET /v1/models; when set, other models get a 404 model_not_found. */
  models?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /** Ignore `n` for every request (a server like many local ones). */
  ignoreN?: boolean;
}

const replySchema = z.strictObject({
  content: z.union([z.string(), z.array(z.string())]).optional(),
  status: z.number().int().min(100).max(599).optional(),
  error: z.strictObject({ message: z.string().optional(), type: z.string().optional(), code: z.string().nullable().optional() }).optional(),
  retryAfter: z.number().min(0).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().min(0).optional(),
  chunkDelayMs: z.number().min(0).optional(),
  chunkSize: z.number().int().min(1).optional(),
  dropAfterChars: z.number().int().min(0).optional(),
  truncateAt: z.number().int().min(0).optional(),
  malformed: z.boolean().optional(),
  ignoreN: z.boolean().optional(),
  usage: z.boolean().optional(),
  finishReason: z.enum(['stop', 'length', 'content_filter']).optional(),
});

const ruleSchema = z.strictObject({
  name: z.string().optional(),
  match: z
    .strictObject({
      lastUser: z.string().optional(),
      anyMessage: z.string().optional(),
      system: z.string().optional(),
      model: z.string().optional(),
      stream: z.boolean().optional(),
    })
    .optional(),
  times: z.number().int().min(1).optional(),
  reply: replySchema,
});

export const scriptFileSchema = z.strictObject({
  rules: z.array(ruleSchema),
  fallback: replySchema.optional(),
  models: z.array(z.string()).optional(),
  apiKey: z.string().optional(),
  ignoreN: z.boolean().optional(),
});

/** Validates a rules file's JSON; throws with every problem listed. */
export function parseScriptFile(raw: unknown): ScriptFile {
  const result = scriptFileSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid scripted-server rules:\n${problems.join('\n')}`);
}

function test(pattern: Pattern | undefined, text: string): boolean {
  if (pattern === undefined) return true;
  const regex = typeof pattern === 'string' ? new RegExp(pattern, 'm') : pattern;
  regex.lastIndex = 0;
  return regex.test(text);
}

export function ruleMatches(rule: ScriptRule, request: RequestView): boolean {
  const match = rule.match;
  if (match === undefined) return true;
  if (typeof match === 'function') return match(request);
  if (match.model !== undefined && match.model !== request.model) return false;
  if (match.stream !== undefined && match.stream !== request.stream) return false;
  return test(match.lastUser, request.lastUser) && test(match.anyMessage, request.allText) && test(match.system, request.system);
}
