// Public API of the testing engine: run a folder's tests (all, some files, some test ids),
// directly or on an isolated copy with a candidate's files written over it, and get structured
// results. Every run has a timeout, kills its whole process tree on timeout or cancel, caps the
// output it keeps, and waits for a slot so at most maxParallelRuns runs execute at once.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type SelfDebugConfig } from '../config';
import type { Logger, RunPresenter, RunView } from '../ports';
import { silentLogger } from '../ports/console';
import { runProcess, type RunProcessResult } from '../util/process';
import { adapters } from './adapters';
import { ReportFormatError, type AdapterContext, type Selection } from './adapters/adapter';
import { detectFramework, forcedDetection, type FrameworkDetection } from './detect';
import { runLimiter } from './limiter';
import { SourceCache } from './locate';
import type { ParsedReport } from './reports/parsed';
import { SandboxPool, removeStaleSandboxes, type Sandbox } from './sandbox';
import { fileOfTestId, matchesRequestedId, normalizeTestFile } from './testIds';
import { lastLines, stripAnsi } from './text';
import type { CollectionError, FrameworkId, StackFrame, TestFailure, TestRunResult } from './types';

export interface RunTestsOptions {
  /** Absolute path of the workspace folder. */
  folder: string;
  /** One test file (relative to the folder, or absolute inside it). */
  file?: string;
  /** Several test files. */
  files?: string[];
  /** Test ids as in TestCaseResult.id (a file, class or suite id selects what is under it). */
  testIds?: string[];
  /** A candidate: relative path -> full new text. The run happens in a sandbox copy of the folder. */
  overlay?: Record<string, string>;
  /** Default: config.testTimeoutSeconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Live runner output (capped). */
  onOutput?: (chunk: string) => void;
  config?: SelfDebugConfig;
  logger?: Logger;
  /** Skip detection. */
  framework?: FrameworkId;
  /** Mirrors the run into a terminal (in VS Code: a task). */
  presenter?: RunPresenter;
  /** Said in the run's title, e.g. "candidate 3/5". */
  label?: string;
  env?: NodeJS.ProcessEnv;
  /** Output kept per stream. Default 1 MiB. */
  maxOutputBytes?: number;
}

/** The tests cannot be run at all: no framework found, or the request itself is wrong. */
export class TestSetupError extends Error {}

const pools = new Map<string, SandboxPool>();
let exitHookInstalled = false;

function poolFor(folder: string, logger: Logger): SandboxPool {
  let pool = pools.get(folder);
  if (!pool) {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      removeStaleSandboxes();
      process.once('exit', () => {
        for (const p of pools.values()) p.disposeSync();
      });
    }
    pool = new SandboxPool(folder, { logger });
    pools.set(folder, pool);
  }
  return pool;
}

/** Removes every sandbox this process made (extension deactivation, end of a CLI run). */
export async function disposeSandboxes(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.dispose()));
}

/** Detection honouring a framework given by the caller or a single configured test command. */
export async function resolveFramework(folder: string, config: SelfDebugConfig, framework?: FrameworkId, env: NodeJS.ProcessEnv = process.env): Promise<FrameworkDetection> {
  if (framework) return forcedDetection(folder, framework, env);
  const detected = await detectFramework(folder, env);
  if (detected) return detected;
  const configured = Object.keys(config.testCommands) as FrameworkId[];
  if (configured.length === 1) return forcedDetection(folder, configured[0]!, env);
  throw new TestSetupError(
    `No test framework found in ${folder}: looked for pytest (pytest.ini, pyproject.toml, setup.cfg, tox.ini, conftest.py, test_*.py), ` +
      'vitest, jest and mocha (config files, package.json) and node --test (package.json scripts). ' +
      'Set selfdebug.testCommands to say which runner to use.',
  );
}

function quote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (process.platform === 'win32') return `"${arg.replace(/"/g, '\\"')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line as shown to people: paths inside the run directory made relative. */
function displayCommand(parts: string[], runDir: string): string {
  return parts
    .map((part) => {
      const prefix = /^(--[\w-]+=)(.*)$/.exec(part);
      const [flag, value] = prefix ? [prefix[1]!, prefix[2]!] : ['', part];
      const rel = path.isAbsolute(value) && value.startsWith(runDir + path.sep) ? path.relative(runDir, value) : value;
      return quote(flag + rel);
    })
    .join(' ');
}

function describeTarget(selection: Selection): string {
  if (selection.testIds.length === 1) return selection.testIds[0]!;
  if (selection.testIds.length > 1) return `${selection.testIds.length} tests`;
  if (selection.files.length) return selection.files.join(' ');
  return 'all tests';
}

/** Live output, capped so a flooding test cannot swamp a terminal. */
function liveOutput(sinks: ((chunk: string) => void)[], maxBytes: number): (chunk: string) => void {
  let sent = 0;
  let noted = false;
  return (chunk) => {
    if (sent >= maxBytes) {
      if (!noted) {
        noted = true;
        for (const sink of sinks) sink(`\n… [SelfDebug: more output not shown; the run goes on] …\n`);
      }
      return;
    }
    const part = chunk.length + sent > maxBytes ? chunk.slice(0, maxBytes - sent) : chunk;
    sent += part.length;
    for (const sink of sinks) sink(part);
  };
}

function summaryLine(result: TestRunResult): string {
  if (result.runnerError) return `SelfDebug: ${result.runnerError}`;
  const parts = [`${result.passed} passed`, `${result.failed} failed`];
  if (result.errors) parts.push(`${result.errors} errors`);
  if (result.skipped) parts.push(`${result.skipped} skipped`);
  return `SelfDebug: ${parts.join(', ')} in ${(result.ms / 1000).toFixed(1)} s`;
}

/** Runs tests and returns structured results; never throws for a failing or broken run (only TestSetupError). */
export async function runTests(options: RunTestsOptions): Promise<TestRunResult> {
  const config = options.config ?? defaultConfig;
  const logger = options.logger ?? silentLogger;
  const env = options.env ?? process.env;
  const folder = path.resolve(options.folder);
  const detection = await resolveFramework(folder, config, options.framework, env);
  const selection: Selection = {
    files: [...(options.file ? [options.file] : []), ...(options.files ?? [])].map((file) => {
      try {
        return normalizeTestFile(folder, file);
      } catch (error) {
        throw new TestSetupError((error as Error).message);
      }
    }),
    testIds: options.testIds ?? [],
  };
  const limit = runLimiter(config.maxParallelRuns);
  return limit(() => runOnce(options, { config, logger, env, folder, detection, selection }));
}

interface Resolved {
  config: SelfDebugConfig;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  folder: string;
  detection: FrameworkDetection;
  selection: Selection;
}

async function runOnce(options: RunTestsOptions, r: Resolved): Promise<TestRunResult> {
  const adapter = adapters[r.detection.framework];
  const started = Date.now();
  const sandboxed = options.overlay !== undefined;
  let sandbox: Sandbox | undefined;
  let view: RunView | undefined;
  const reportDir = await mkdtemp(path.join(os.tmpdir(), 'selfdebug-report-'));
  const title = `${r.detection.framework} ${describeTarget(r.selection)}${options.label ? ` — ${options.label}` : ''}`;
  const empty = (command: string, runnerError: string): TestRunResult => ({
    framework: r.detection.framework,
    command,
    passed: 0,
    failed: 0,
    skipped: 0,
    errors: 0,
    ms: Date.now() - started,
    failures: [],
    tests: [],
    collectionErrors: [],
    exitCode: null,
    timedOut: false,
    cancelled: false,
    output: '',
    runnerError,
    sandboxed,
  });
  try {
    if (options.signal?.aborted) return { ...empty('', 'Cancelled before it started'), cancelled: true };
    if (sandboxed) sandbox = await poolFor(r.folder, r.logger).acquire(options.overlay!);
    const runDir = sandbox?.root ?? r.folder;
    const ctx: AdapterContext = {
      folder: r.folder,
      runDir,
      dependencyDirs: r.detection.venv ? [r.detection.venv] : [],
      detection: r.detection,
      selection: r.selection,
      reportFile: path.join(reportDir, r.detection.framework === 'pytest' ? 'report.xml' : 'report.json'),
      config: r.config,
      sandboxed,
      color: !!options.presenter,
      env: r.env,
    };
    const configured = r.config.testCommands[r.detection.framework];
    const runner = configured ? undefined : adapter.runner(ctx);
    const { args, env: extraEnv } = await adapter.options(ctx);
    if (runner && 'missing' in runner) {
      r.logger.warn(runner.missing);
      return empty('', runner.missing);
    }
    const commandLine = configured ? `${configured} ${args.map(quote).join(' ')}` : displayCommand([runner!.command, ...runner!.args, ...args], runDir);
    view = options.presenter?.start(title);
    view?.write(`> ${commandLine}\n`);
    const live = liveOutput([...(view ? [(c: string) => view!.write(c)] : []), ...(options.onOutput ? [options.onOutput] : [])], (options.maxOutputBytes ?? 1024 * 1024) * 2);
    r.logger.info(`Running ${title}${sandboxed ? ` in sandbox ${runDir}` : ''}: ${commandLine}`);
    // A configured command is a shell command line; SelfDebug's options are appended, quoted.
    const spawnSpec = configured ? { command: commandLine, args: [], shell: true } : { command: runner!.command, args: [...runner!.args, ...args], shell: false };
    const run = await runProcess({
      ...spawnSpec,
      cwd: runDir,
      env: { ...r.env, ...(runner && 'env' in runner ? runner.env : {}), ...extraEnv },
      timeoutMs: options.timeoutMs ?? r.config.testTimeoutSeconds * 1000,
      // Stopping the task in the terminal cancels the run as well.
      signal: view?.signal && options.signal ? AbortSignal.any([view.signal, options.signal]) : (view?.signal ?? options.signal),
      onOutput: live,
      maxOutputBytes: options.maxOutputBytes,
    });
    const result = await assemble(run, ctx, adapter, commandLine, sandboxed);
    r.logger.info(`${title}: ${summaryLine(result).replace(/^SelfDebug: /, '')}`);
    view?.write(`\n${summaryLine(result)}\n`);
    view?.end(run.exitCode);
    view = undefined;
    return result;
  } catch (error) {
    if (error instanceof TestSetupError) throw error;
    r.logger.error(`Test run failed: ${title}`, error);
    const result = empty('', `SelfDebug could not run the tests: ${(error as Error).message}`);
    view?.write(`\n${summaryLine(result)}\n`);
    view?.end(null);
    return result;
  } finally {
    await rm(reportDir, { recursive: true, force: true });
    await sandbox?.release();
  }
}

async function readReport(file: string): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trim() ? text : undefined;
  } catch {
    return undefined;
  }
}

async function assemble(run: RunProcessResult, ctx: AdapterContext, adapter: (typeof adapters)[FrameworkId], command: string, sandboxed: boolean): Promise<TestRunResult> {
  const output = stripAnsi(run.output);
  const base = {
    framework: ctx.detection.framework,
    command,
    ms: run.ms,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    cancelled: run.cancelled,
    output,
    sandboxed,
  };
  const fail = (runnerError: string): TestRunResult => ({ ...base, passed: 0, failed: 0, skipped: 0, errors: 0, failures: [], tests: [], collectionErrors: [], runnerError });
  if (run.spawnError) return fail(`Could not start ${command.split(' ')[0]}: ${run.spawnError.message}`);
  if (run.timedOut) return fail(`Timed out after ${Math.round(run.ms / 1000)} s; the runner and every process it started were stopped`);
  if (run.cancelled) return fail('Cancelled; the runner and every process it started were stopped');
  const report = await readReport(ctx.reportFile);
  const strippedRun = { ...run, output };
  if (!report) {
    const missing = adapter.runnerMissing?.(strippedRun);
    if (missing) return fail(missing);
    if (run.exitCode === 127 || /command not found|is not recognized as an internal or external command/.test(output)) {
      return fail(`The test command could not be found: ${lastLines(output, 3)}`);
    }
  }
  let parsed: ParsedReport;
  try {
    parsed = await adapter.parse(report, strippedRun, { ...ctx, sources: new SourceCache(ctx.runDir) });
  } catch (error) {
    if (error instanceof ReportFormatError) return fail(error.message);
    throw error;
  }
  // No report and nothing parsed: the runner stopped before reporting (a test file that does not
  // load stops mocha, a bad config stops jest). Its own words say why.
  if (!report && parsed.collectionErrors.length === 0) {
    parsed.collectionErrors.push({ message: `${ctx.detection.framework} stopped before reporting (exit code ${run.exitCode}):\n${lastLines(output)}` });
  }
  return summarize(parsed, ctx, base);
}

/**
 * Drops the frames outside the outermost workspace frame (the runner calling the test) and keeps
 * at most 40 frames: what is left is the test and what it called.
 */
export function withoutRunnerPlumbing(stack: StackFrame[]): StackFrame[] {
  const outermost = stack.findIndex((frame) => frame.inWorkspace);
  const trimmed = outermost === -1 ? stack : stack.slice(outermost);
  return trimmed.slice(-40);
}

function summarize(parsed: ParsedReport, ctx: AdapterContext, base: Omit<TestRunResult, 'passed' | 'failed' | 'skipped' | 'errors' | 'failures' | 'tests' | 'collectionErrors'>): TestRunResult {
  const { files, testIds } = ctx.selection;
  const collectionErrors: CollectionError[] = [...parsed.collectionErrors];
  // Runners report tests they skipped because of a name filter; keep only what was asked for.
  let tests = parsed.tests;
  if (testIds.length) {
    tests = tests.filter((t) => testIds.some((id) => matchesRequestedId(t.id, id)));
    // When the runner stopped before running anything (pytest refuses a run with an unknown node
    // id), its reason is the error; "no test matches" for every id would only add noise.
    const stoppedEarly = parsed.tests.length === 0 && collectionErrors.length > 0;
    for (const id of stoppedEarly ? [] : testIds) {
      if (!tests.some((t) => matchesRequestedId(t.id, id)) && !collectionErrors.some((e) => e.file === fileOfTestId(id))) {
        collectionErrors.push({ file: fileOfTestId(id), message: `No test matches ${id} (the runner reported ${parsed.tests.length} tests)` });
      }
    }
  } else if (files.length) {
    tests = tests.filter((t) => files.some((f) => t.file === f || t.file.startsWith(`${f.replace(/\/$/, '')}/`)));
  }
  if (tests.length === 0 && collectionErrors.length === 0) {
    const what = testIds.length || files.length ? ` for ${[...files, ...testIds].join(', ')}` : '';
    collectionErrors.push({ message: `No tests found${what}. The runner said:\n${lastLines(base.output, 10)}` });
  }
  const failures: TestFailure[] = [];
  for (const test of tests) {
    if (test.status !== 'failed' && test.status !== 'error') continue;
    const failure = test.failure ?? { message: 'Failed (the runner gave no reason)', stack: [] };
    failures.push({
      id: test.id,
      name: test.name,
      file: test.file,
      line: test.line ?? failure.stack.find((f) => f.file === test.file)?.line ?? 1,
      message: failure.message,
      ...(failure.expected !== undefined ? { expected: failure.expected } : {}),
      ...(failure.actual !== undefined ? { actual: failure.actual } : {}),
      stack: withoutRunnerPlumbing(failure.stack),
      ...(failure.output ? { output: failure.output } : {}),
      ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {}),
      kind: test.status === 'error' ? 'error' : 'failed',
    });
  }
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    ...base,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    errors: count('error') + collectionErrors.length,
    failures,
    tests: tests.map(({ failure: _failure, ...rest }) => rest),
    collectionErrors,
  };
}
