// `selfdebug gen-tests <folder> --file <path> --function <name>`: tests for existing code, kept
// when they pass on it, with the target's line coverage before and after. `--apply` writes them.
import type { TestGenOutcome } from '../../core/generate/types';
import { defaultTestsOptions, generateTests } from '../../core/generate/generateTests';
import { percent } from '../../core/generate/targetCoverage';
import { stderrLogger } from '../../core/ports/console';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { closeSession, openSession, parseCommon, writeChanges } from './generate';

const usage = `Usage: selfdebug gen-tests <folder> --file <path> --function <name> [options]

Writes tests for a function, method or class in the project's framework and style (appended to
its test file, or a new file where the project keeps tests), runs them against the current code
on an isolated copy, keeps the passing ones, reports the failing ones as "possible bug or wrong
expectation", and measures the target's line coverage before and after. Rounds continue while
coverage grows. The folder is left untouched unless --apply is given.

  --file <path>           the file of the target, relative to the folder
  --function <name>       the function, method (Class.method) or class
  --tests N               tests asked for per round (default ${defaultTestsOptions.testsPerRound})
  --rounds R              rounds at most (default ${defaultTestsOptions.maxRounds})
  --no-property           never ask for property-based tests
  --apply                 write the passing tests into the test file
  --json                  print {"status","file","function","framework","testFile","newFile","patch",
                          "kept","failing","duplicates","coverage","rounds","propertyLibrary",
                          "applied","tokens","llmMs","totalMs","message"}
  --base-url <url>        OpenAI-compatible endpoint (default: OPENAI_BASE_URL, else OpenAI)
  --model <name>          model (default: SELFDEBUG_MODEL)
  --timeout S             timeout of one LLM request, in seconds (default 120)
  --test-timeout S        timeout of one test run, in seconds (default 60)
  --verbose               log progress to stderr

Exit code: 0 passing tests generated, 1 none passes, 2 error.`;

function coverageJson(m: TestGenOutcome['coverageBefore']) {
  return m ? { covered: m.covered, total: m.total, percent: percent(m), uncovered: m.uncovered } : null;
}

/** The JSON contract of `selfdebug gen-tests --json`: these keys, in this order. */
export function genTestsJson(outcome: TestGenOutcome, applied: boolean) {
  return {
    status: outcome.status,
    file: outcome.target.file,
    function: outcome.target.qualifiedName,
    framework: outcome.framework ?? null,
    testFile: outcome.testFile ?? null,
    newFile: outcome.newFile,
    patch: outcome.patch ?? '',
    kept: outcome.kept.map((t) => ({ name: t.name, property: t.property, round: t.round })),
    failing: outcome.failing.map((t) => ({ name: t.name, code: t.code, message: t.failure.message, ...(t.failure.expected !== undefined ? { expected: t.failure.expected } : {}), ...(t.failure.actual !== undefined ? { actual: t.failure.actual } : {}) })),
    duplicates: outcome.duplicates,
    coverage: { before: coverageJson(outcome.coverageBefore), after: coverageJson(outcome.coverageAfter), ...(outcome.coverageNote ? { note: outcome.coverageNote } : {}) },
    rounds: outcome.rounds,
    propertyLibrary: outcome.propertyLibrary ?? null,
    applied,
    tokens: outcome.tokens,
    llmMs: outcome.llmMs,
    totalMs: outcome.totalMs,
    message: outcome.message,
  };
}

export const genTestsCommand: CliCommand = {
  name: 'gen-tests',
  summary: 'Generate tests for a function, keep the passing ones, measure coverage',
  usage,
  async run(args, io) {
    const { common, values } = parseCommon(args, io, { tests: { type: 'string' }, rounds: { type: 'string' }, 'no-property': { type: 'boolean', default: false } }, usage);
    const count = (name: string, fallback: number, max: number) => {
      const value = values[name];
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be an integer from 1 to ${max}, got ${String(value)}`);
      return n;
    };
    const options = {
      ...defaultTestsOptions,
      testsPerRound: count('tests', defaultTestsOptions.testsPerRound, 50),
      maxRounds: count('rounds', defaultTestsOptions.maxRounds, 10),
      propertyTests: values['no-property'] !== true,
    };
    const logger = stderrLogger(common.verbose);
    const session = openSession(common, io, logger);
    if (!session) return 2;
    let outcome: TestGenOutcome;
    try {
      outcome = await generateTests({ file: common.file, qualifiedName: common.functionName }, session.deps, options, {
        logger,
        signal: io.signal,
        ...(common.verbose ? { progress: { report: (m: string) => io.stderr(`[progress] ${m}\n`) } } : {}),
      });
    } finally {
      await closeSession(session);
    }
    let applied = false;
    if (common.apply && outcome.status === 'generated' && outcome.proposals[0]) {
      await writeChanges(outcome.proposals[0].changes);
      applied = true;
    }
    if (common.json) io.stdout(`${JSON.stringify(genTestsJson(outcome, applied))}\n`);
    else printHuman(outcome, applied, io);
    if (outcome.status === 'error') io.stderr(`selfdebug gen-tests: ${outcome.message}\n`);
    return outcome.status === 'generated' ? 0 : outcome.status === 'none-passing' ? 1 : 2;
  },
};

function printHuman(outcome: TestGenOutcome, applied: boolean, io: CliIO): void {
  if (outcome.status === 'error') return;
  io.stdout(`${outcome.message}\n`);
  if (outcome.coverageBefore && outcome.coverageAfter) {
    io.stdout(`Line coverage of ${outcome.target.qualifiedName}: ${percent(outcome.coverageBefore)} (${outcome.coverageBefore.covered}/${outcome.coverageBefore.total}) → ${percent(outcome.coverageAfter)} (${outcome.coverageAfter.covered}/${outcome.coverageAfter.total})\n`);
  } else if (outcome.coverageNote) io.stdout(`Coverage not measured: ${outcome.coverageNote}\n`);
  for (const t of outcome.failing) io.stdout(`\nPossible bug or wrong expectation: ${t.name}\n  ${t.failure.message.split('\n').join('\n  ')}\n`);
  if (outcome.patch) io.stdout(`\n${outcome.patch}`);
  if (applied) io.stdout(`\nWrote ${outcome.testFile}.\n`);
  else if (outcome.status === 'generated') io.stdout('\nNothing was written (use --apply).\n');
}
