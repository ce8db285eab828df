// `selfdebug generate <folder> --file <path> --function <name>`: implements a stub with ranked,
// test-checked candidates. `--json` prints the outcome as one JSON object; `--apply` writes the
// verified implementation, `--add-tests` also the generated tests it passes.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, parseConfig, type SelfDebugConfig } from '../../core/config';
import { defaultImplementationOptions, generateImplementation } from '../../core/generate/generateImplementation';
import { createGenerateSession, type GenerateSession } from '../../core/generate/session';
import type { GenerateOutcome } from '../../core/generate/types';
import { LlmNotConfiguredError, resolveLlmConfig } from '../../core/llm/endpoint';
import { stderrLogger } from '../../core/ports/console';
import type { Logger } from '../../core/ports';
import type { FileChange } from '../../core/review/types';
import { disposeSandboxes } from '../../core/testing';
import { folderArgument, isFolder, parseCommandArgs, UsageError, type CliCommand, type CliIO } from '../command';

const usage = `Usage: selfdebug generate <folder> --file <path> --function <name> [options]

Implements a function whose body is a stub (pass, ..., raise NotImplementedError,
throw new Error("not implemented"), empty): asks the model for N implementations and M test
cases, runs every candidate against every test case in isolated workers, uses the function's
existing tests as hard filters, ranks the candidates by agreement and self-debugs the winner
if it still fails an existing test. The folder is left untouched unless --apply is given.

  --file <path>           the file of the function, relative to the folder
  --function <name>       the function or method (Class.method)
  --candidates N          implementations asked for (default ${defaultImplementationOptions.candidates})
  --tests M               generated test cases kept at most (default ${defaultImplementationOptions.tests})
  --no-self-debug         do not repair a winner that fails an existing test
  --apply                 write the implementation when it is verified
  --add-tests             with --apply: also add the generated tests it passes to the project's tests
  --json                  print {"status","file","function","patch","testsFile","testsPatch",
                          "evidence","candidates","applied","testsApplied","tokens","llmMs",
                          "totalMs","message"}
  --base-url <url>        OpenAI-compatible endpoint (default: OPENAI_BASE_URL, else OpenAI)
  --model <name>          model (default: SELFDEBUG_MODEL)
  --timeout S             timeout of one LLM request, in seconds (default 120)
  --test-timeout S        timeout of one test run, in seconds (default 60)
  --verbose               log progress to stderr

Exit code: 0 generated and verified, 1 no verified implementation, 2 error.`;

export interface CommonFlags {
  folder: string;
  file: string;
  functionName: string;
  json: boolean;
  apply: boolean;
  verbose: boolean;
  config: SelfDebugConfig;
  baseUrl?: string;
  model?: string;
}

const commonOptions = {
  file: { type: 'string' },
  function: { type: 'string' },
  json: { type: 'boolean', default: false },
  apply: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  timeout: { type: 'string' },
  'test-timeout': { type: 'string' },
} as const;

function positiveInt(name: string, value: string | undefined, fallback: number, max = 1000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be an integer from 1 to ${max}, got ${value}`);
  return n;
}

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || n > 3600) throw new UsageError(`--${name} must be a number of seconds from 1 to 3600, got ${value}`);
  return n;
}

/** Parses the flags both generate commands share; `extra` are the command's own. */
export function parseCommon<E extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>>(args: string[], io: CliIO, extra: E, usageText: string) {
  const { values, positionals } = parseCommandArgs(args, { ...commonOptions, ...extra }, usageText);
  const v = values as Record<string, string | boolean | undefined>;
  const folder = folderArgument(positionals, io, usageText);
  if (!isFolder(folder)) throw new UsageError(`folder not found: ${positionals[0]}`);
  if (typeof v.file !== 'string') throw new UsageError(`give --file <path>\n\n${usageText}`);
  if (typeof v.function !== 'string') throw new UsageError(`give --function <name>\n\n${usageText}`);
  const file = path.relative(folder, path.resolve(folder, v.file)).split(path.sep).join('/');
  if (file.startsWith('..') || path.isAbsolute(file)) throw new UsageError(`--file ${v.file} is outside the folder ${folder}`);
  if (!existsSync(path.join(folder, file))) throw new UsageError(`file not found: ${path.join(folder, file)}`);
  let config: SelfDebugConfig;
  try {
    const timeout = seconds('timeout', v.timeout as string | undefined);
    const testTimeout = seconds('test-timeout', v['test-timeout'] as string | undefined);
    config = parseConfig({ llm: { ...(timeout ? { timeoutSeconds: timeout } : {}) }, ...(testTimeout ? { testTimeoutSeconds: testTimeout } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const common: CommonFlags = {
    folder,
    file,
    functionName: v.function,
    json: v.json === true,
    apply: v.apply === true,
    verbose: v.verbose === true,
    config,
    ...(typeof v['base-url'] === 'string' ? { baseUrl: v['base-url'] } : {}),
    ...(typeof v.model === 'string' ? { model: v.model } : {}),
  };
  return { common, values: v };
}

/** The LLM session of a command; a missing endpoint is an error with set-up instructions (exit 2). */
export function openSession(common: CommonFlags, io: CliIO, logger: Logger): GenerateSession | undefined {
  let llm;
  try {
    llm = resolveLlmConfig({
      config: common.config,
      env: io.env,
      overrides: { ...(common.baseUrl ? { baseUrl: common.baseUrl } : {}), ...(common.model ? { model: common.model } : {}) },
      surface: 'cli',
    });
  } catch (error) {
    if (error instanceof LlmNotConfiguredError) {
      io.stderr(`${error.message}\n`);
      return undefined;
    }
    throw error;
  }
  return createGenerateSession({ folder: common.folder, config: common.config, llm, logger, env: io.env });
}

export async function closeSession(session: GenerateSession): Promise<void> {
  await session.dispose();
  await disposeSandboxes();
}

/** Writes proposal changes to disk, refusing a file that changed since it was read. */
export async function writeChanges(changes: FileChange[]): Promise<void> {
  for (const change of changes) {
    const current = existsSync(change.path) ? await readFile(change.path, 'utf8') : null;
    if (current !== change.before) throw new Error(`${change.path} changed while SelfDebug was working; nothing was written to it.`);
  }
  for (const change of changes) {
    await mkdir(path.dirname(change.path), { recursive: true });
    await writeFile(change.path, change.after);
  }
}

/** The JSON contract of `selfdebug generate --json`: these keys, in this order. */
export function generateJson(outcome: GenerateOutcome, applied: boolean, testsApplied: boolean) {
  const e = outcome.evidence;
  return {
    status: outcome.status,
    file: outcome.target.file,
    function: outcome.target.qualifiedName,
    patch: outcome.patch ?? '',
    testsFile: outcome.testsFile ?? null,
    testsPatch: outcome.testsPatch ?? '',
    evidence: e
      ? {
          existingTests: { passed: e.existingTests.passed, failed: e.existingTests.failed, ...(e.existingTests.problem ? { problem: e.existingTests.problem } : {}) },
          groupSize: e.groupSize,
          candidates: e.candidates,
          distinctCandidates: e.distinctCandidates,
          generatedTests: e.generatedChecks,
          generatedTestsPassed: e.checksPassed.length,
          passedTests: outcome.checks.filter((c) => e.checksPassed.includes(c.id)).map((c) => c.source),
          method: e.method,
          clarifications: e.clarifications,
          repaired: e.repaired,
        }
      : null,
    candidates: outcome.candidates,
    applied,
    testsApplied,
    tokens: outcome.tokens,
    llmMs: outcome.llmMs,
    totalMs: outcome.totalMs,
    message: outcome.message,
  };
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Implement a stub function with candidates ranked by generated tests',
  usage,
  async run(args, io) {
    const { common, values } = parseCommon(args, io, { candidates: { type: 'string' }, tests: { type: 'string' }, 'no-self-debug': { type: 'boolean', default: false }, 'add-tests': { type: 'boolean', default: false } }, usage);
    const options = {
      ...defaultImplementationOptions,
      candidates: positiveInt('candidates', values.candidates as string | undefined, defaultImplementationOptions.candidates, 16),
      tests: positiveInt('tests', values.tests as string | undefined, defaultImplementationOptions.tests, 100),
      selfDebug: values['no-self-debug'] !== true,
      // The CLI asks no questions: it may run unattended.
      clarify: false,
    };
    if (values['add-tests'] && !common.apply) throw new UsageError('--add-tests needs --apply');
    const logger = stderrLogger(common.verbose);
    const session = openSession(common, io, logger);
    if (!session) return 2;
    let outcome: GenerateOutcome;
    try {
      outcome = await generateImplementation({ file: common.file, qualifiedName: common.functionName }, session.deps, options, {
        logger,
        signal: io.signal,
        ...(common.verbose ? { progress: { report: (m: string) => io.stderr(`[progress] ${m}\n`) } } : {}),
      });
    } finally {
      await closeSession(session);
    }
    let applied = false;
    let testsApplied = false;
    if (common.apply && outcome.status === 'generated' && outcome.proposals[0]) {
      await writeChanges(outcome.proposals[0].changes);
      applied = true;
      if (values['add-tests'] && outcome.testsProposal) {
        await writeChanges(outcome.testsProposal.changes);
        testsApplied = true;
      }
    }
    if (common.json) io.stdout(`${JSON.stringify(generateJson(outcome, applied, testsApplied))}\n`);
    else printHuman(outcome, applied, testsApplied, io);
    if (outcome.status === 'error') io.stderr(`selfdebug generate: ${outcome.message}\n`);
    return outcome.status === 'generated' ? 0 : outcome.status === 'not-verified' ? 1 : 2;
  },
};

function printHuman(outcome: GenerateOutcome, applied: boolean, testsApplied: boolean, io: CliIO): void {
  if (outcome.status === 'error') return;
  io.stdout(`${outcome.message}\n`);
  if (outcome.evidence) io.stdout(`${outcome.proposals[0]?.evidence.summary ?? ''}\n`);
  for (const reason of outcome.rejectedAnswers) io.stdout(`  unusable ${reason}\n`);
  if (outcome.patch) io.stdout(`\n${outcome.patch}`);
  if (outcome.testsPatch) io.stdout(`\nGenerated tests it passes (${outcome.testsFile}):\n${outcome.testsPatch}`);
  if (applied) io.stdout(`\nWrote ${outcome.target.file}${testsApplied ? ` and ${outcome.testsFile}` : ''}.\n`);
  else if (outcome.status === 'generated') io.stdout('\nNothing was written (use --apply).\n');
}
