// Per-test line coverage for jest. `jest --showConfig` (runs no test) gives the project's resolved
// setupFilesAfterEnv; the suite then runs once more with those plus SelfDebug's setup file
// (resources/localize/jest-coverage-setup.cjs), which takes V8 precise coverage around every test,
// and with `--json --outputFile` for the outcomes. Coverage entries are joined with the JSON
// results by title path (or by jest's space-joined test name when the title path was not
// readable), so ids are those the jest test adapter reports (`file::Suite > test`). Babel-jest's
// output carries an inline source map, through which the lines are mapped back to the source.
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { resourcePath } from '../resources';
import { jestReportSchema } from '../testing/reports/jestJson';
import { findNodePackage } from '../testing/runners';
import { fileOfTestId, jsTestId } from '../testing/testIds';
import { runProcess } from '../util/process';
import { assertRunFinished, CoverageError, type CollectOptions, excerptOf, shellQuote, withRunnerArgs } from './collectOptions';
import type { CoverageOutcome, CoverageReport, TestCoverage } from './types';
import { readWorkerFiles, relativeTo, rootsOf, type WorkerTest } from './workerFiles';

const showConfigSchema = z.looseObject({
  configs: z.array(z.looseObject({ rootDir: z.string(), setupFilesAfterEnv: z.array(z.string()).optional() })),
});

export type JestShownConfig = z.infer<typeof showConfigSchema>;

/** `node <jest bin>` as the folder resolves jest (what the test adapter runs). */
export function defaultJestCommand(root: string): string {
  const bin = findNodePackage(root, 'jest')?.bin;
  return bin ? `${shellQuote(process.execPath)} ${shellQuote(bin)}` : 'npx --no-install jest';
}

/** The JSON document `jest --showConfig` prints (after whatever a package manager printed first). */
export function parseShowConfig(stdout: string): JestShownConfig {
  const start = stdout.search(/^\{/m);
  const end = stdout.lastIndexOf('}');
  if (start === -1 || end < start) throw new CoverageError(`jest --showConfig printed no configuration: ${excerptOf(stdout, 300)}`);
  let json: unknown;
  try {
    json = JSON.parse(stdout.slice(start, end + 1));
  } catch (error) {
    throw new CoverageError(`jest --showConfig printed unreadable JSON: ${(error as Error).message}`);
  }
  const parsed = showConfigSchema.safeParse(json);
  if (!parsed.success) throw new CoverageError(`jest --showConfig has an unexpected shape: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The options appended to the jest command: the setup files (the project's first), the JSON report, no istanbul coverage. */
export function jestCoverageArgs(projectSetupFiles: string[], reportFile: string): string {
  const setup = [...projectSetupFiles, resourcePath('localize', 'jest-coverage-setup.cjs')].map(shellQuote).join(' ');
  // The JSON flag right after the list ends it (yargs would take what follows as more setup files).
  return `--setupFilesAfterEnv ${setup} --json ${shellQuote(`--outputFile=${reportFile}`)} --coverage=false`;
}

function outcomeOf(status: string): CoverageOutcome {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped';
}

interface ReportedTest {
  id: string;
  fullName: string;
  outcome: CoverageOutcome;
}

function realOrSame(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** The tests of jest's JSON report by workspace-relative test file. */
export function reportedTests(reportText: string, root: string): Map<string, ReportedTest[]> {
  let json: unknown;
  try {
    json = JSON.parse(reportText);
  } catch (error) {
    throw new CoverageError(`jest's JSON report is unreadable: ${(error as Error).message}`);
  }
  const parsed = jestReportSchema.safeParse(json);
  if (!parsed.success) throw new CoverageError(`jest's JSON report has an unexpected shape: ${parsed.error.issues[0]?.message}`);
  const roots = rootsOf(root);
  const byFile = new Map<string, ReportedTest[]>();
  for (const suite of parsed.data.testResults) {
    const real = realOrSame(suite.name);
    const file = relativeTo(roots, real) ?? real;
    const tests = suite.assertionResults.map((result) => {
      const titles = [...result.ancestorTitles, result.title];
      return { id: jsTestId(file, titles), fullName: titles.join(' '), outcome: outcomeOf(result.status) };
    });
    byFile.set(file, [...(byFile.get(file) ?? []), ...tests]);
  }
  return byFile;
}

/**
 * Gives each coverage entry its reported id and outcome. Entries named only by jest's
 * space-joined name take the reported tests of that name in order (retries reuse the last).
 * Entries with no reported test are dropped with a warning.
 */
export function joinWithReport(byFile: Map<string, ReportedTest[]>, warnings: string[]): (tests: WorkerTest[]) => WorkerTest[] {
  const taken = new Map<string, number>();
  return (tests) =>
    tests.flatMap((test) => {
      const file = test.file ?? fileOfTestId(test.id);
      const reported = byFile.get(file) ?? [];
      let match: ReportedTest | undefined;
      if (test.exactId !== false) match = reported.find((r) => r.id === test.id);
      else {
        const named = reported.filter((r) => r.fullName === test.name);
        const key = `${file}\0${test.name}`;
        const index = taken.get(key) ?? 0;
        taken.set(key, index + 1);
        match = named[Math.min(index, named.length - 1)];
      }
      if (!match) {
        warnings.push(`no test in jest's report for coverage entry ${test.id}`);
        return [];
      }
      return [{ ...test, id: match.id, outcome: match.outcome }];
    });
}

/** One entry per id: a retried test's attempts are merged. */
function mergeById(tests: TestCoverage[]): TestCoverage[] {
  const byId = new Map<string, TestCoverage>();
  for (const test of tests) {
    const seen = byId.get(test.id);
    if (!seen) {
      byId.set(test.id, test);
      continue;
    }
    for (const [file, lines] of Object.entries(test.lines)) seen.lines[file] = [...new Set([...(seen.lines[file] ?? []), ...lines])].sort((a, b) => a - b);
    seen.outcome = test.outcome;
  }
  return [...byId.values()];
}

export async function collectJestCoverage(options: CollectOptions): Promise<CoverageReport | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'selfdebug-jestcov-'));
  const outDir = path.join(dir, 'out');
  const reportFile = path.join(dir, 'report.json');
  try {
    await mkdir(outDir);
    const base = options.command ?? defaultJestCommand(options.root);
    const env = { ...(options.env ?? process.env), SELFDEBUG_COVERAGE_DIR: outDir, SELFDEBUG_COVERAGE_ROOT: options.root, NO_COLOR: '1' };
    const run = (command: string, onOutput?: (chunk: string) => void) =>
      runProcess({ command, cwd: options.root, env, shell: true, timeoutMs: options.timeoutMs, signal: options.signal, onOutput });

    const showCommand = withRunnerArgs(base, '--showConfig');
    options.logger.debug(`coverage: ${showCommand}`);
    const shown = await run(showCommand);
    assertRunFinished(shown, showCommand, options.timeoutMs);
    if (shown.exitCode !== 0) throw new CoverageError(`jest --showConfig failed (exit code ${shown.exitCode}): ${excerptOf(shown.output)}`);
    const { configs } = parseShowConfig(shown.stdout);
    // A command-line --setupFilesAfterEnv replaces every project's own list, so several projects
    // are measured only when they all use the same setup files.
    const setups = configs.map((c) => JSON.stringify(c.setupFilesAfterEnv ?? []));
    if (!configs.length || new Set(setups).size !== 1) {
      options.logger.info(`coverage: jest's ${configs.length} projects here use different setupFilesAfterEnv; per-test coverage would change them, so localizing without it`);
      return undefined;
    }

    const command = withRunnerArgs(base, jestCoverageArgs(configs[0]!.setupFilesAfterEnv ?? [], reportFile));
    options.logger.debug(`coverage: ${command}`);
    const result = await run(command, options.onOutput);
    assertRunFinished(result, command, options.timeoutMs);
    let reportText: string;
    try {
      reportText = await readFile(reportFile, 'utf8');
    } catch {
      throw new CoverageError(`jest wrote no report (exit code ${result.exitCode}): ${excerptOf(result.output)}`);
    }
    const joinWarnings: string[] = [];
    const read = await readWorkerFiles(outDir, options.root, joinWithReport(reportedTests(reportText, options.root), joinWarnings));
    if (!read.files) throw new CoverageError(`jest wrote no coverage (exit code ${result.exitCode}): ${excerptOf(result.output)}`);
    const warnings = [...read.warnings, ...joinWarnings];
    return { framework: 'jest', granularity: 'test', tests: mergeById(read.tests), command, ms: shown.ms + result.ms, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
