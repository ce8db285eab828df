// Everything that can go wrong before any test runs ends in a clear outcome, never a throw.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultImplementationOptions, generateImplementation } from '../../../src/core/generate/generateImplementation';
import type { CheckExecutor } from '../../../src/core/generate/execution';
import { startScriptedServer, type ScriptedServer } from '../../support/llm/scriptedServer';
import { capturingLogger, depsFor, fixturesRoot } from './support/workspace';

// `initials` has no existing tests, so these cases run no test runner.
const folder = path.join(fixturesRoot, 'generate-py');
const query = { file: 'shelf/text.py', qualifiedName: 'initials' };
const options = { ...defaultImplementationOptions, candidates: 3, testSamples: 1 };

const recordingExecutor = (calls: unknown[]): CheckExecutor => ({
  async execute(request) {
    calls.push(request);
    return request.candidates.map((c) => ({ candidateId: c.id, checks: Object.fromEntries(request.checks.map((k) => [k.id, 'pass' as const])), ms: 1 }));
  },
});

describe('generateImplementation, when things go wrong', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({ rules: [] });
  });
  afterAll(() => server.close());

  it('reports answers that hold no usable implementation, with the reasons, and runs nothing', async () => {
    server.setRules([
      { match: { lastUser: '^Implement' }, reply: { content: ['I would split the name into words.', '```python\ndef initials(name):\n    raise NotImplementedError\n```', '```python\ndef initials(name):\n    return "".join(w[0] for w in name.split(\n'] } },
      { match: { lastUser: 'test cases' }, reply: { content: '```python\nassert initials("ada lovelace") == "AL"\n```' } },
    ]);
    const calls: unknown[] = [];
    const deps = depsFor(folder, server.baseURL, { executor: recordingExecutor(calls) });
    const outcome = await generateImplementation(query, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(outcome.status).toBe('not-verified');
    expect(outcome.message).toMatch(/^None of the 3 answers gave a usable implementation of initials/);
    expect(outcome.rejectedAnswers).toHaveLength(3);
    expect(outcome.rejectedAnswers[0]).toMatch(/answer 1: .*no code/i);
    expect(outcome.rejectedAnswers[1]).toBe('answer 2: The answer leaves `initials` a stub.');
    expect(outcome.proposals).toEqual([]);
    expect(calls).toEqual([]);
    expect(outcome.tokens.prompt).toBeGreaterThan(0);
  });

  it('turns an LLM timeout into an error outcome that says what to do', async () => {
    server.setRules([{ reply: { content: 'late', delayMs: 3000 } }]);
    const deps = depsFor(folder, server.baseURL, { executor: recordingExecutor([]), timeoutMs: 300 });
    const outcome = await generateImplementation(query, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(outcome.status).toBe('error');
    expect(outcome.message).toMatch(/did not finish answering within 0\.3 s.*selfdebug\.llm\.timeoutSeconds/);
  });

  it('stops cleanly when cancelled while waiting for the model', async () => {
    server.setRules([{ reply: { content: 'late', delayMs: 5000 } }]);
    const controller = new AbortController();
    const deps = depsFor(folder, server.baseURL, { executor: recordingExecutor([]) });
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const outcome = await generateImplementation(query, deps, options, { logger: capturingLogger(), signal: controller.signal });
    expect(outcome).toMatchObject({ status: 'error', message: 'Generation was cancelled; nothing was changed.' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says when the target does not exist or is not a function', async () => {
    const deps = depsFor(folder, server.baseURL, { executor: recordingExecutor([]) });
    const requestsBefore = server.chatRequests().length;
    const missing = await generateImplementation({ file: 'shelf/text.py', qualifiedName: 'nope' }, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(missing).toMatchObject({ status: 'error', message: 'There is no function or method named `nope` in shelf/text.py.' });
    const line = await generateImplementation({ file: 'shelf/text.py', line: 3 }, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(line.message).toBe('Line 3 of shelf/text.py is not inside a function or method. Put the cursor in one, or select it.');
    const notCode = await generateImplementation({ file: 'pyproject.toml', qualifiedName: 'x' }, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(notCode.message).toBe('pyproject.toml is not a Python, JavaScript or TypeScript file.');
    // Nothing was asked of the model.
    expect(server.chatRequests()).toHaveLength(requestsBefore);
  });

  it('without generated tests or existing tests, proposes the winner but does not call it verified', async () => {
    server.setRules([
      { match: { lastUser: '^Implement' }, reply: { content: '```python\ndef initials(name: str) -> str:\n    return "".join(w[0].upper() for w in name.split())\n```' } },
      { match: { lastUser: 'test cases' }, reply: { content: 'Sorry, I cannot write tests.' } },
    ]);
    const deps = depsFor(folder, server.baseURL, { executor: recordingExecutor([]) });
    const outcome = await generateImplementation(query, deps, options, { logger: capturingLogger(), signal: new AbortController().signal });
    expect(outcome.status).toBe('not-verified');
    expect(outcome.message).toMatch(/nothing verified it/);
    expect(outcome.proposals).toHaveLength(1);
    expect(outcome.testsProposal).toBeUndefined();
    expect(readFileSync(path.join(folder, 'shelf/text.py'), 'utf8')).toContain('    ...\n');
  });
});
