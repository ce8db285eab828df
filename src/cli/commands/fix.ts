// `selfdebug fix <folder> [--test <test id or test file>] [--candidates N] [--rounds R] [--json] [--apply]`:
// the repair loop headless. Exit 0 when fixed, 1 when not fixed, 2 on an error.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../../core/config';
import { createLlmClient } from '../../core/llm/client';
import { LlmNotConfiguredError, resolveLlmConfig } from '../../core/llm/endpoint';
import { stderrLogger } from '../../core/ports/console';
import { fixFailingTests, type FixResult } from '../../core/repair/workspaceRepair';
import { disposeSandboxes, TestSetupError } from '../../core/testing';
import { folderArgument, isFolder, parseCommandArgs, UsageError, type CliCommand } from '../command';

const usage = `Usage: selfdebug fix <folder> [--test <test id or test file>] [--candidates N] [--rounds R] [--json] [--apply]

Finds the failing tests (all, one file, or one test), asks the model for candidate patches,
runs the tests on each candidate in an isolated copy, feeds failures back for up to R rounds,
and prints the verified patch. The folder is not changed unless --apply is given.

Options:
  --test <id|file>      A test id (tests/test_cart.py::test_total) or a test file; repeatable.
  --candidates <N>      Candidates per round (default 4).
  --rounds <R>          Maximum rounds, the first attempt included (default 3).
  --json                Print one JSON object: status, patch, fixedTests, regressions, rounds,
                        candidates, tokens, llmMs, totalMs, message.
  --apply               Write the verified patch into the folder.
  --full-suite          Check candidates against the whole suite, not only the related test files.
  --no-coverage         Do not run the tests with a tracer for fault localization.
  --base-url <url>      OpenAI-compatible endpoint (default: OPENAI_BASE_URL, else OpenAI).
  --model <name>        Model (default: SELFDEBUG_MODEL, else gpt-4o-mini on OpenAI).
  --api-key <key>       API key (default: OPENAI_API_KEY).
  --temperature <t>     Sampling temperature (default 0.8).
  --token-budget <n>    Tokens per request, prompt and answer (default 16000).
  --timeout <seconds>   Timeout of one test run (default 60).
  --llm-timeout <s>     Timeout of one model request (default 120).
  --verbose             Log what SelfDebug does on stderr.

Exit code: 0 fixed, 1 not fixed, 2 error (with a message on stderr).`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got '${value}'`);
  return n;
}

/** The JSON the CLI contract fixes; extra keys come after and never change these. */
export function toFixJson(result: FixResult): Record<string, unknown> {
  const best = result.best;
  return {
    status: result.status,
    patch: result.patch,
    fixedTests: best?.fixedTests ?? [],
    regressions: best?.regressions ?? [],
    rounds: result.rounds,
    candidates: result.candidates,
    tokens: { prompt: result.tokens.prompt, completion: result.tokens.completion },
    llmMs: result.llmMs,
    totalMs: result.totalMs,
    message: result.message,
    targetTests: result.targetTests,
    testMs: result.testMs,
    framework: result.framework,
    suspects: result.suspects.slice(0, 5),
    alternatives: result.alternatives.map((a) => ({ id: a.id, patch: a.patch })),
  };
}

function humanReport(result: FixResult, applied: boolean): string {
  const lines = [result.message];
  if (result.patch) lines.push('', result.patch.trimEnd());
  lines.push(
    '',
    `rounds ${result.rounds}, candidates ${result.candidates}, tokens ${result.tokens.prompt}+${result.tokens.completion}, model ${(result.llmMs / 1000).toFixed(1)} s, tests ${(result.testMs / 1000).toFixed(1)} s, total ${(result.totalMs / 1000).toFixed(1)} s`,
  );
  if (result.status === 'fixed') lines.push(applied ? 'The patch was written to the folder.' : 'Run again with --apply to write it.');
  return `${lines.join('\n')}\n`;
}

export const fixCommand: CliCommand = {
  name: 'fix',
  summary: 'Repair failing tests with verified candidate patches (the self-debugging loop)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        test: { type: 'string', multiple: true },
        candidates: { type: 'string' },
        rounds: { type: 'string' },
        json: { type: 'boolean', default: false },
        apply: { type: 'boolean', default: false },
        'full-suite': { type: 'boolean', default: false },
        'no-coverage': { type: 'boolean', default: false },
        'base-url': { type: 'string' },
        model: { type: 'string' },
        'api-key': { type: 'string' },
        temperature: { type: 'string' },
        'token-budget': { type: 'string' },
        timeout: { type: 'string' },
        'llm-timeout': { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      usage,
    );
    const folder = folderArgument(positionals, io, usage);
    if (!isFolder(folder)) throw new UsageError(`no such folder: ${folder}`);

    const config = parseConfig({
      candidatesPerRound: number(values.candidates, 'candidates'),
      maxRounds: number(values.rounds, 'rounds'),
      temperature: number(values.temperature, 'temperature'),
      tokenBudget: number(values['token-budget'], 'token-budget'),
      testTimeoutSeconds: number(values.timeout, 'timeout'),
      llm: { timeoutSeconds: number(values['llm-timeout'], 'llm-timeout') },
    });
    const logger = stderrLogger(values.verbose);
    let llmConfig;
    try {
      llmConfig = resolveLlmConfig({ config, env: io.env, apiKey: values['api-key'], overrides: { baseUrl: values['base-url'], model: values.model }, surface: 'cli' });
    } catch (error) {
      if (error instanceof LlmNotConfiguredError) {
        io.stderr(`selfdebug fix: ${error.message}\n`);
        if (values.json) io.stdout(`${JSON.stringify({ status: 'error', patch: '', fixedTests: [], regressions: [], rounds: 0, candidates: 0, tokens: { prompt: 0, completion: 0 }, llmMs: 0, totalMs: 0, message: error.message })}\n`);
        return 2;
      }
      throw error;
    }

    const testIds: string[] = [];
    const files: string[] = [];
    for (const test of values.test ?? []) {
      if (/::| > /.test(test) || !existsSync(path.resolve(folder, test))) testIds.push(test);
      else files.push(path.relative(folder, path.resolve(folder, test)).split(path.sep).join('/'));
    }

    let result: FixResult;
    try {
      result = await fixFailingTests(
        {
          folder,
          config,
          llm: createLlmClient(llmConfig, { logger }),
          model: llmConfig.model,
          selection: { testIds, files },
          coverage: values['no-coverage'] ? 'off' : 'auto',
          fullSuite: values['full-suite'],
        },
        // The loop logs its progress; a separate progress reporter would say it twice.
        { logger, signal: io.signal },
      );
    } catch (error) {
      if (error instanceof TestSetupError) {
        io.stderr(`selfdebug fix: ${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      await disposeSandboxes();
    }

    let applied = false;
    if (values.apply && result.status === 'fixed' && result.best) {
      for (const [file, text] of Object.entries(result.best.changes)) await writeFile(path.join(folder, file), text, 'utf8');
      applied = true;
    }
    if (values.json) io.stdout(`${JSON.stringify({ ...toFixJson(result), applied })}\n`);
    else io.stdout(humanReport(result, applied));
    if (result.status === 'error') io.stderr(`selfdebug fix: ${result.message}\n`);
    return result.status === 'fixed' ? 0 : result.status === 'not-fixed' ? 1 : 2;
  },
};
