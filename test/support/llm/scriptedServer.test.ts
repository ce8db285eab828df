import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScriptFile } from './rules';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = (body: unknown, init: RequestInit = {}) =>
  fetch(`${server!.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response): Promise<any> => response.json();

const user = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'm', messages: [{ role: 'user', content }], ...extra });

describe('scripted OpenAI-compatible server', () => {
  it('answers in the OpenAI chat.completion shape', async () => {
    server = await startScriptedServer({ rules: [{ reply: { content: 'hello' } }] });
    const response = await chat(user('hi', { n: 2 }));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 2, total_tokens: expect.any(Number) },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
  });

  it('streams server-sent events ending with usage and [DONE]', async () => {
    server = await startScriptedServer({ rules: [{ reply: { content: 'abcdefgh', chunkSize: 3 } }] });
    const response = await chat(user('hi', { stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('abcdefgh');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });
  });

  it('lists models', async () => {
    server = await startScriptedServer({ models: ['a', 'b'] });
    const body = await json(await fetch(`${server.baseURL}/models`));
    expect(body).toEqual({
      object: 'list',
      data: [
        { id: 'a', object: 'model', created: 0, owned_by: 'selfdebug-scripted' },
        { id: 'b', object: 'model', created: 0, owned_by: 'selfdebug-scripted' },
      ],
    });
  });

  it('scripts "first answer wrong, right after feedback" with rule order, times and regexes', async () => {
    server = await startScriptedServer({
      rules: [
        { name: 'after feedback', match: { lastUser: 'still fails' }, reply: { content: 'right' } },
        { name: 'first try', match: { anyMessage: 'def total' }, times: 1, reply: { content: 'wrong' } },
      ],
    });
    const answer = async (text: string) => (await json(await chat(user(text)))).choices?.[0]?.message?.content;
    expect(await answer('fix def total')).toBe('wrong');
    expect(await answer('fix def total')).toBeUndefined(); // used up; falls back to a 400
    expect(await answer('def total still fails')).toBe('right');
    expect(server.chatRequests().map((r) => r.rule)).toEqual(['first try', 'fallback', 'after feedback']);
    expect(server.chatRequests()[2]!.view!.lastUser).toBe('def total still fails');
  });

  it('rejects a request body that is not JSON like OpenAI does', async () => {
    server = await startScriptedServer({ rules: [{ reply: { content: 'x' } }] });
    const response = await chat('{"model": ');
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toMatch(/could not parse the JSON body/);
  });

  it('sends Retry-After with a 429 and requires the API key when configured', async () => {
    server = await startScriptedServer({ apiKey: 'k', rules: [{ reply: { status: 429, retryAfter: 2 } }] });
    expect((await chat(user('x'))).status).toBe(401);
    const limited = await chat(user('x'), { headers: { 'content-type': 'application/json', authorization: 'Bearer k' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await json(limited)).error).toMatchObject({ type: 'invalid_request_error', message: 'Scripted error 429' });
  });

  it('validates a rules file and names the bad field', () => {
    expect(parseScriptFile({ rules: [{ reply: { content: 'x' } }] }).rules).toHaveLength(1);
    expect(() => parseScriptFile({ rules: [{ reply: { contnet: 'x' } }] })).toThrow(/rules\.0\.reply/);
  });

  it('runs standalone from a JSON rules file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scripted-llm-'));
    const rules = path.join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ match: { lastUser: 'ping' }, reply: { content: 'pong' } }] }));
    const child = spawn(process.execPath, [path.join(__dirname, 'serve.mjs'), '--rules', rules, '--record', path.join(dir, 'requests.jsonl')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const { baseURL } = JSON.parse(line) as { baseURL: string };
      const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(user('ping')) });
      expect((await json(response)).choices[0].message.content).toBe('pong');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(child.exitCode).toBe(0);
  }, 30_000);
});
