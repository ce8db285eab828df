// `selfdebug test <folder> [--file <path>] [--test <id>] --json`: runs a folder's tests with the
// engine the extension uses. Exit 0 when the tests could be run (whatever they reported),
// 1 with a message on stderr when they could not, 2 for a usage error.
import { parseConfig } from '../../core/config';
import { stderrLogger } from '../../core/ports/console';
import { disposeSandboxes, runTests, TestSetupError } from '../../core/testing';
import type { FrameworkId, TestRunResult } from '../../core/testing/types';
import { folderArgument, isFolder, parseCommandArgs, UsageError, type CliCommand } from '../command';

const frameworks: FrameworkId[] = ['pytest', 'vitest', 'jest', 'mocha', 'node-test'];

const usage = `Usage: selfdebug test <folder> [--file <path>] [--test <id>]... [--json]

Runs the folder's tests (pytest, vitest, jest, mocha or node --test, detected from the project).

Options:
  --file <path>         Run one test file (relative to the folder).
  --test <id>           Run one test by id (repeatable), e.g. tests/test_cart.py::test_total
                        or tests/cart.test.js::Cart > totals.
  --json                Print the result as one JSON object on stdout (runner output is not shown).
  --framework <name>    Use this framework instead of detecting it (${frameworks.join(', ')}).
  --command <cmd>       The command that starts the runner (SelfDebug appends its options).
  --timeout <seconds>   Stop the run (and every process it started) after this long. Default 60.
  --verbose             Log what SelfDebug does on stderr.

Exit code: 0 when the tests ran (passing or not), 1 when they could not be run, 2 for bad usage.`;

/** The JSON the CLI contract fixes; extra keys come after and never change these. */
export function toCliJson(result: TestRunResult): Record<string, unknown> {
  return {
    framework: result.framework,
    command: result.command,
    passed: result.passed,
    failed: result.failed,
    skipped: result.skipped,
    errors: result.errors,
    ms: result.ms,
    failures: result.failures.map((f) => ({
      id: f.id,
      file: f.file,
      line: f.line,
      message: f.message,
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.actual !== undefined ? { actual: f.actual } : {}),
      stack: f.stack.map((s) => ({ file: s.file, line: s.line, function: s.function, inWorkspace: s.inWorkspace })),
      kind: f.kind,
    })),
    collectionErrors: result.collectionErrors,
    ...(result.timedOut ? { timedOut: true } : {}),
    ...(result.sandboxed ? { sandboxed: true } : {}),
  };
}

function humanSummary(result: TestRunResult): string {
  const lines: string[] = [''];
  for (const failure of result.failures) {
    lines.push(`${failure.kind === 'error' ? 'ERROR' : 'FAIL'} ${failure.id} (${failure.file}:${failure.line})`);
    lines.push(...failure.message.split('\n').map((l) => `    ${l}`));
    if (failure.expected !== undefined) lines.push(`    expected: ${failure.expected}`, `    actual:   ${failure.actual ?? ''}`);
  }
  for (const error of result.collectionErrors) {
    lines.push(`ERROR ${error.file ?? '(run)'}${error.line ? `:${error.line}` : ''}`);
    lines.push(...error.message.split('\n').slice(0, 20).map((l) => `    ${l}`));
  }
  lines.push(`${result.framework}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped, ${result.errors} errors in ${(result.ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'Run a folder’s tests and report failures (pytest, vitest, jest, mocha, node --test)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        file: { type: 'string' },
        test: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        framework: { type: 'string' },
        command: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      usage,
    );
    const folder = folderArgument(positionals, io, usage);
    if (!isFolder(folder)) {
      io.stderr(`selfdebug test: ${folder} is not a folder\n`);
      return 1;
    }
    const framework = values.framework as FrameworkId | undefined;
    if (framework && !frameworks.includes(framework)) throw new UsageError(`unknown framework '${framework}' (use one of ${frameworks.join(', ')})`);
    if (values.command && !framework) throw new UsageError('--command needs --framework');
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
    const config = parseConfig({
      ...(timeout ? { testTimeoutSeconds: timeout } : {}),
      ...(framework && values.command ? { testCommands: { [framework]: values.command } } : {}),
    });
    let result: TestRunResult;
    try {
      result = await runTests({
        folder,
        file: values.file,
        testIds: values.test,
        framework,
        config,
        signal: io.signal,
        env: io.env,
        logger: stderrLogger(values.verbose),
        onOutput: values.json ? undefined : (chunk) => io.stdout(chunk),
      });
    } catch (error) {
      if (error instanceof TestSetupError) {
        io.stderr(`selfdebug test: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      await disposeSandboxes();
    }
    if (values.json) io.stdout(`${JSON.stringify(toCliJson(result))}\n`);
    else io.stdout(humanSummary(result));
    if (result.runnerError) {
      io.stderr(`selfdebug test: could not run the ${result.framework} tests: ${result.runnerError}\n`);
      return 1;
    }
    return 0;
  },
};
