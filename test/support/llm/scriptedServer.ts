// A scripted OpenAI-compatible server on a real socket: POST /v1/chat/completions (streaming SSE
// and plain JSON, `n`, usage) and GET /v1/models, answering from rules and misbehaving on demand.
// Tests drive the real `openai` SDK against it; E2E runs it standalone (see serve.ts).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tokenCounterFor } from '../../../src/core/llm/tokens';
import { ruleMatches, type RequestView, type ScriptFile, type ScriptReply, type ScriptRule } from './rules';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** For chat completions: the view rules matched on, and the rule used. */
  view?: RequestView;
  rule?: string;
  at: number;
}

export interface ScriptedServerOptions extends Partial<ScriptFile> {
  host?: string;
  port?: number;
  /** Called once per request after it is recorded (the standalone server logs with it). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface ScriptedServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** url + '/v1', what an OpenAI client takes as baseURL. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): RecordedRequest[];
  /** Replaces the rules (and resets their use counters). */
  setRules(rules: ScriptRule[]): void;
  close(): Promise<void>;
}

const DEFAULT_CHUNK = 16;

export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  let rules = options.rules ?? [];
  let uses = new Map<ScriptRule, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let chatIndex = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      let parsed = false;
      if (raw) {
        try {
          body = JSON.parse(raw);
          parsed = true;
        } catch {
          /* recorded as text */
        }
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, at: Date.now() };
      requests.push(record);
      void handle(req, res, record, raw, parsed).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, { message: `scripted server failed: ${String(error)}`, type: 'server_error' });
        else res.destroy();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function sleep(ms: number, res: http.ServerResponse): Promise<boolean> {
    // Resolves false when the client went away first, so a slow answer stops writing.
    return new Promise((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed);
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off('close', onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(timer);
      res.once('close', onClose);
    });
  }

  function authorized(req: http.IncomingMessage): boolean {
    if (options.apiKey === undefined) return true;
    return req.headers.authorization === `Bearer ${options.apiKey}`;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, raw: string, parsed: boolean) {
    options.onRequest?.(record);
    if (!authorized(req)) {
      return sendError(res, 401, { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' });
    }
    if (req.method === 'GET' && record.path === '/v1/models') {
      const models = options.models ?? ['scripted-model'];
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'selfdebug-scripted' })) });
    }
    if (req.method !== 'POST' || record.path !== '/v1/chat/completions') {
      return sendError(res, 404, { message: `Unknown request: ${req.method} ${record.path}`, type: 'invalid_request_error', code: 'unknown_url' });
    }
    if (!parsed || typeof record.body !== 'object' || record.body === null) {
      return sendError(res, 400, {
        message: `We could not parse the JSON body of your request. (${raw ? 'invalid JSON' : 'empty body'})`,
        type: 'invalid_request_error',
      });
    }
    const view = toView(record.body as Record<string, unknown>, req.headers, chatIndex++);
    record.view = view;
    if (!view.model || view.messages.length === 0) {
      return sendError(res, 400, { message: "'model' and 'messages' are required.", type: 'invalid_request_error' });
    }
    if (options.models && !options.models.includes(view.model)) {
      return sendError(res, 404, {
        message: `The model \`${view.model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      });
    }
    const rule = rules.find((r) => (r.times === undefined || (uses.get(r) ?? 0) < r.times) && ruleMatches(r, view));
    let reply: ScriptReply;
    if (rule) {
      const use = (uses.get(rule) ?? 0) + 1;
      uses.set(rule, use);
      record.rule = rule.name ?? `rule ${rules.indexOf(rule) + 1}`;
      reply = typeof rule.reply === 'function' ? rule.reply(view, use) : rule.reply;
    } else {
      record.rule = 'fallback';
      reply = options.fallback ?? {
        status: 400,
        error: { message: `scripted server: no rule matches the request (last user message starts: ${JSON.stringify(view.lastUser.slice(0, 120))})`, type: 'invalid_request_error' },
      };
    }
    await answer(res, view, reply);
  }

  async function answer(res: http.ServerResponse, view: RequestView, reply: ScriptReply) {
    if (reply.delayMs && !(await sleep(reply.delayMs, res))) return;
    if (reply.status && reply.status >= 400) {
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
      return sendError(
        res,
        reply.status,
        { message: reply.error?.message ?? `Scripted error ${reply.status}`, type: reply.error?.type ?? (reply.status >= 500 ? 'server_error' : 'invalid_request_error'), code: reply.error?.code ?? null },
        headers,
      );
    }
    const choiceCount = reply.ignoreN || options.ignoreN ? 1 : view.n;
    const contents = Array.isArray(reply.content) ? reply.content : [reply.content ?? ''];
    let finish: string = reply.finishReason ?? 'stop';
    const texts = Array.from({ length: choiceCount }, (_, i) => {
      const text = contents[i % Math.max(1, contents.length)] ?? '';
      if (reply.truncateAt !== undefined && text.length > reply.truncateAt) {
        finish = 'length';
        return text.slice(0, reply.truncateAt);
      }
      return text;
    });
    // Exact o200k counts (no estimate margin), like a server that knows its tokenizer.
    const counter = tokenCounterFor('gpt-4o');
    const usage = {
      prompt_tokens: counter.countMessages(view.messages.map((m) => ({ role: 'user' as const, content: m.content }))),
      completion_tokens: texts.reduce((sum, t) => sum + counter.count(t), 0),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);

    if (!view.stream) {
      if (reply.dropAfterChars !== undefined) return res.destroy();
      if (reply.malformed) {
        res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
        return res.end('{"id": "' + id + '", "choices": [ {"index": 0, "message": ');
      }
      return sendJson(
        res,
        200,
        {
          id,
          object: 'chat.completion',
          created,
          model: view.model,
          choices: texts.map((content, index) => ({ index, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finish })),
          ...(reply.usage === false ? {} : { usage }),
          system_fingerprint: null,
        },
        reply.headers,
      );
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
    const includeUsage = reply.usage !== false && (view.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const event = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: view.model, system_fingerprint: null, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;

    const size = reply.chunkSize ?? DEFAULT_CHUNK;
    const write = (data: string) => !res.destroyed && res.write(data);
    for (let index = 0; index < texts.length; index++) write(event([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
    let sent = 0;
    const longest = Math.max(0, ...texts.map((t) => t.length));
    for (let offset = 0; offset < longest; offset += size) {
      for (let index = 0; index < texts.length; index++) {
        const piece = texts[index]!.slice(offset, offset + size);
        if (!piece) continue;
        if (reply.dropAfterChars !== undefined && sent + piece.length > reply.dropAfterChars) {
          const rest = reply.dropAfterChars - sent;
          if (rest > 0) write(event([{ index, delta: { content: piece.slice(0, rest) }, logprobs: null, finish_reason: null }]));
          // Let the partial chunk reach the client, then cut the connection without ending the response.
          await sleep(20, res);
          return res.socket?.destroy();
        }
        write(event([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]));
        sent += piece.length;
        if (reply.malformed && sent >= Math.min(size, longest)) {
          write('data: {"id": "broken", "choices": [\n\n');
          return res.end();
        }
      }
      if (reply.chunkDelayMs && !(await sleep(reply.chunkDelayMs, res))) return;
    }
    if (reply.dropAfterChars !== undefined) {
      await sleep(20, res);
      return res.socket?.destroy();
    }
    for (let index = 0; index < texts.length; index++) write(event([{ index, delta: {}, logprobs: null, finish_reason: finish }]));
    if (includeUsage) write(event([], { usage }));
    write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions' && r.method === 'POST'),
    setRules(next) {
      rules = next;
      uses = new Map();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function toView(body: Record<string, unknown>, headers: RequestView['headers'], index: number): RequestView {
  const messages = Array.isArray(body.messages)
    ? body.messages.map((m) => {
        const message = (m ?? {}) as { role?: unknown; content?: unknown };
        return { role: String(message.role ?? ''), content: contentText(message.content) };
      })
    : [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const n = typeof body.n === 'number' && body.n >= 1 ? Math.floor(body.n) : 1;
  return {
    index,
    model: typeof body.model === 'string' ? body.model : '',
    n,
    stream: body.stream === true,
    messages,
    system: messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content).join('\n\n'),
    lastUser,
    allText: messages.map((m) => m.content).join('\n\n'),
    headers,
    body,
  };
}

/** Message content may be a string or an array of content parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('');
  return '';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, status: number, error: { message: string; type: string; code?: string | null }, headers: Record<string, string> = {}) {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: null, code: error.code ?? null } }, headers);
}
