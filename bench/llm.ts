// npm run bench:llm -- [--requests N] [--answer-chars C]
// Measures the LLM layer's own costs, without a model: token counting speed, building a prompt
// that must be trimmed to the budget, and the client's overhead for streamed answers against the
// scripted OpenAI-compatible server on localhost (n=4 honoured, and n=4 emulated in parallel).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EndpointCapabilities } from '../src/core/llm/capabilities';
import { OpenAiLlmClient } from '../src/core/llm/client';
import { PromptBuilder } from '../src/core/llm/promptBudget';
import { tokenCounterFor } from '../src/core/llm/tokens';
import { silentLogger } from '../src/core/ports/console';
import { startScriptedServer } from '../test/support/llm/scriptedServer';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { requests: { type: 'string', default: '20' }, 'answer-chars': { type: 'string', default: '2000' } } });
  const requests = Number(values.requests);
  const answerChars = Number(values['answer-chars']);

  // Token counting on a large real file.
  const source = readFileSync('/usr/lib/python3.11/typing.py', 'utf8');
  const counter = tokenCounterFor('gpt-4o');
  counter.count(source);
  let started = performance.now();
  const tokens = counter.count(source);
  const countMs = performance.now() - started;
  process.stdout.write(`token counting   ${tokens} tokens (${(source.length / 1024).toFixed(0)} KiB of Python) in ${countMs.toFixed(1)} ms: ${((tokens / countMs) * 1000 / 1e6).toFixed(2)} M tokens/s\n`);

  // A prompt twice the budget: 60 sections of real code, trimmed to 16k tokens.
  const chunks = source.split('\n\n\n').filter((c) => c.trim());
  const times: number[] = [];
  let built;
  for (let run = 0; run < 5; run++) {
    const builder = new PromptBuilder(counter).message('system').add({ id: 'instructions', text: 'Fix the code.', priority: 100, required: true }).message('user');
    chunks.slice(0, 60).forEach((chunk, i) => builder.add({ id: `s${i}`, text: chunk, priority: 60 - i, trim: i % 3 === 0 ? 'keep-head' : 'drop' }));
    started = performance.now();
    built = builder.build({ tokenBudget: 16_000, reserveCompletion: 2_000 });
    times.push(performance.now() - started);
  }
  process.stdout.write(`prompt budget    60 sections -> ${built!.promptTokens} tokens (${built!.dropped.length} dropped, ${built!.trimmed.length} trimmed) in ${median(times).toFixed(1)} ms (median of 5)\n`);

  // Client overhead against a local scripted server.
  const answer = 'x = 1  # a line of code\n'.repeat(Math.ceil(answerChars / 24)).slice(0, answerChars);
  for (const ignoreN of [false, true]) {
    const server = await startScriptedServer({ rules: [{ reply: { content: answer, chunkSize: 8 } }], ignoreN });
    const client = new OpenAiLlmClient(
      { baseURL: server.baseURL, apiKey: 'k', model: 'gpt-4o', timeoutMs: 30_000, maxRetries: 0, temperature: 0.8, tokenBudget: 16_000 },
      { logger: silentLogger, capabilities: new EndpointCapabilities() },
    );
    const latencies: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const result = await client.complete({ messages: [{ role: 'user', content: 'fix it' }], n: 4 });
      latencies.push(performance.now() - t);
      if (result.texts.length !== 4 || result.texts.some((text) => text !== answer)) throw new Error('wrong answers');
    }
    await server.close();
    const chunksPerAnswer = Math.ceil(answerChars / 8);
    process.stdout.write(
      `client n=4 ${ignoreN ? '(parallel)' : '(one request)'}  ${answerChars}-char answers in ${chunksPerAnswer}-chunk streams: median ${median(latencies).toFixed(1)} ms per completion over ${requests}\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
