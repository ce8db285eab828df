// The scripted server, the real client (openai SDK) and the edit parser together: what the
// repair loop will see for each scripted behaviour.
import { afterEach, describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/edits/applyEdits';
import { parseEditAnswer } from '../../../src/core/edits/parseAnswer';
import { EndpointCapabilities } from '../../../src/core/llm/capabilities';
import { OpenAiLlmClient } from '../../../src/core/llm/client';
import { LlmError } from '../../../src/core/llm/errors';
import { meteredClient, UsageMeter } from '../../../src/core/llm/usage';
import { silentLogger } from '../../../src/core/ports/console';
import { answers } from './answers';
import type { ScriptReply, ScriptRule } from './rules';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';

const cart = 'class Cart:\n    def __init__(self):\n        self.items = []\n\n    def total(self):\n        return sum(item.price for item in self.items)\n';
const files = new Map([['shop/cart.py', cart]]);
const wrong = answers.searchReplace('shop/cart.py', '        return sum(item.price for item in self.items)', '        return sum(item.price for item in self.items) + 0');
const right = answers.wholeFunction('python', 'def total(self):\n    return sum(item.price * item.quantity for item in self.items)');

let server: ScriptedServer;
afterEach(() => server?.close());

function clientFor(overrides: { timeoutMs?: number; maxRetries?: number } = {}) {
  return new OpenAiLlmClient(
    { baseURL: server.baseURL, apiKey: 'k', model: 'scripted-model', timeoutMs: overrides.timeoutMs ?? 5_000, maxRetries: overrides.maxRetries ?? 2, temperature: 0.8, tokenBudget: 16_000 },
    { logger: silentLogger, capabilities: new EndpointCapabilities(), retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 } },
  );
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('a scripted model', () => {
  it('answers wrong first and right after feedback, by the function name in the prompt', async () => {
    const rules: ScriptRule[] = [
      { name: 'feedback', match: { lastUser: 'still fails' }, reply: { content: right } },
      { name: 'first', match: { anyMessage: 'def total' }, reply: { content: wrong } },
    ];
    server = await startScriptedServer({ rules });
    const meter = new UsageMeter();
    const client = meteredClient(clientFor(), meter, 'scripted-model');

    const first = await client.complete({ ...ask(`Fix:\n${cart}`), purpose: 'round 1' });
    const firstEdits = await parseEditAnswer(first.texts[0]!, { files });
    const firstResult = await applyEdits(files, firstEdits.edits);
    expect(firstResult.files.get('shop/cart.py')).toContain('+ 0');

    const second = await client.complete({ ...ask('The test still fails: expected 6.0, got 2.0. def total ...'), purpose: 'round 2' });
    const secondEdits = await parseEditAnswer(second.texts[0]!, { files });
    const secondResult = await applyEdits(files, secondEdits.edits);
    expect(secondResult.files.get('shop/cart.py')).toContain('item.price * item.quantity');

    expect(server.chatRequests().map((r) => r.rule)).toEqual(['first', 'feedback']);
    const totals = meter.totals();
    expect(totals.completions).toBe(2);
    expect(totals.prompt).toBe(first.usage.prompt + second.usage.prompt);
    expect(totals.completion).toBe(first.usage.completion + second.usage.completion);
  });

  const misbehaviours: [string, ScriptReply, 'answer' | LlmError['kind']][] = [
    ['429 with Retry-After, then an answer', { status: 429, retryAfter: 0.1 }, 'answer'],
    ['500, then an answer', { status: 500 }, 'answer'],
    ['a connection dropped mid-stream, then an answer', { content: right, dropAfterChars: 30 }, 'answer'],
    ['malformed JSON, then an answer', { content: right, malformed: true }, 'answer'],
    ['an answer too slow for the timeout', { content: right, delayMs: 2_000 }, 'timeout'],
    ['401', { status: 401, error: { message: 'bad key' } }, 'unauthorized'],
  ];
  for (const [what, reply, outcome] of misbehaviours) {
    it(`ends in ${outcome === 'answer' ? 'an answer' : `a ${outcome} error`} after ${what}`, async () => {
      server = await startScriptedServer({ rules: [{ times: 1, reply }, { reply: { content: right } }] });
      const result = await clientFor({ timeoutMs: 400 })
        .complete(ask('fix total'))
        .then(
          (r) => r,
          (e: unknown) => e,
        );
      if (outcome === 'answer') {
        expect(result).not.toBeInstanceOf(Error);
        expect((result as { texts: string[] }).texts[0]).toBe(right);
      } else {
        expect(result).toBeInstanceOf(LlmError);
        expect((result as LlmError).kind).toBe(outcome);
      }
    });
  }

  it('gives the loop a reason to send back for each unusable answer', async () => {
    const script: [string, string][] = [
      ['no code', answers.noCode()],
      ['not applying', answers.notApplying('shop/cart.py')],
      ['broken', answers.brokenFunction('python', 'def total(self):\n    return sum(item.price for item in self.items)')],
    ];
    server = await startScriptedServer({ rules: script.map(([name, content]) => ({ name, match: { lastUser: name }, reply: { content } })) });
    const client = clientFor();
    const reasons: string[] = [];
    for (const [name] of script) {
      const { texts } = await client.complete(ask(name));
      const parsed = await parseEditAnswer(texts[0]!, { files });
      const applied = await applyEdits(files, parsed.edits);
      reasons.push([...parsed.problems.map((p) => p.message), ...applied.rejected.map((r) => r.reason)].join(' '));
      expect(applied.changedFiles).toEqual([]);
    }
    expect(reasons[0]).toMatch(/contains no code/);
    expect(reasons[1]).toMatch(/SEARCH text was not found in the file/);
    expect(reasons[2]).toMatch(/does not parse: a syntax error at line 5/);
  });

  it('gives a truncated answer whose complete blocks still apply', async () => {
    const second = answers.searchReplace('shop/cart.py', '        self.items = []', '        self.items: list = []');
    server = await startScriptedServer({ rules: [{ reply: { content: `${second}\n\n${wrong}`, truncateAt: second.length + 40 } }] });
    const result = await clientFor().complete(ask('fix'));
    expect(result.finishReasons).toEqual(['length']);
    const parsed = await parseEditAnswer(result.texts[0]!, { files, finishReason: result.finishReasons?.[0] });
    expect(parsed.edits).toHaveLength(1);
    expect(parsed.problems).toMatchObject([{ kind: 'truncated' }]);
  });
});
