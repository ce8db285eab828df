// Line coverage of one target (function, method or class) by a set of test files, measured with
// the coverage collectors of src/core/coverage (pytest: sys.settrace plugin; vitest, jest and
// mocha: V8 precise coverage around each test; node --test: NODE_V8_COVERAGE). Runs with
// generated tests happen on an isolated copy of the folder, so the user's files are never written.
import { collectCoverage, coverageSupported } from '../coverage/collectCoverage';
import { CoverageError, shellQuote } from '../coverage/collectOptions';
import { defaultJestCommand } from '../coverage/jestCoverage';
import { defaultMochaCommand } from '../coverage/mochaCoverage';
import { defaultVitestCommand } from '../coverage/vitestCoverage';
import type { CoverageReport } from '../coverage/types';
import type { Logger } from '../ports';
import { resourcePath } from '../resources';
import type { FrameworkDetection } from '../testing/detect';
import { SandboxPool } from '../testing/sandbox';
import type { CodeUnit, CoverageMeasure } from './types';

export interface CoverageRequest {
  testFiles: string[];
  /** Files written over the folder's (relative path -> text); the run then uses a sandbox copy (also when empty). */
  overlay?: Record<string, string>;
  signal: AbortSignal;
}

export type CoverageRunner = (request: CoverageRequest) => Promise<{ report?: CoverageReport; note?: string }>;

/** Covered statement lines of `target`, from the tests of `report` that `include` accepts. */
export function measureTarget(report: CoverageReport, target: CodeUnit, include: (testId: string) => boolean = () => true): CoverageMeasure {
  const ran = new Set<number>();
  for (const test of report.tests) {
    if (!include(test.id)) continue;
    for (const line of test.lines[target.file] ?? []) ran.add(line);
  }
  const total = target.statementLines.length;
  const uncovered = target.statementLines.filter((l) => !ran.has(l));
  return { covered: total - uncovered.length, total, uncovered };
}

export function percent(measure: CoverageMeasure | undefined): string {
  if (!measure) return 'n/a';
  return measure.total ? `${Math.round((100 * measure.covered) / measure.total)}%` : '100%';
}

const pools = new Map<string, SandboxPool>();

/** Removes the sandboxes coverage runs made (end of a CLI run, extension deactivation). */
export async function disposeCoverageSandboxes(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.dispose()));
}

function poolFor(folder: string, logger: Logger): SandboxPool {
  let pool = pools.get(folder);
  if (!pool) pools.set(folder, (pool = new SandboxPool(folder, { logger })));
  return pool;
}

/** The command line that runs just `testFiles` with the project's runner, for the collectors to extend. */
export function coverageCommand(detection: FrameworkDetection, folder: string, testFiles: string[], configured?: string): string | undefined {
  const files = testFiles.map(shellQuote).join(' ');
  if (configured) return `${configured} ${files}`;
  switch (detection.framework) {
    case 'pytest':
      return `${shellQuote(detection.python ?? 'python3')} -m pytest ${files}`;
    case 'vitest':
      return `${defaultVitestCommand(folder)} ${files}`;
    case 'node-test':
      return `${shellQuote(process.execPath)} --test ${files}`;
    case 'jest':
      return `${defaultJestCommand(folder)} ${files}`;
    case 'mocha': {
      // mocha adds its config's `spec` files to the ones given; the select hook keeps only these.
      const keep = `SELFDEBUG_MOCHA_FILES=${shellQuote(JSON.stringify(testFiles))}`;
      return `${keep} ${defaultMochaCommand(folder)} --require ${shellQuote(resourcePath('testing', 'mocha-select.cjs'))} ${files}`;
    }
  }
}

export interface CoverageRunnerOptions {
  folder: string;
  detection: FrameworkDetection;
  timeoutMs: number;
  logger: Logger;
  /** The user's configured command for this framework, if any. */
  configuredCommand?: string;
  env?: NodeJS.ProcessEnv;
}

export function coverageRunner(options: CoverageRunnerOptions): CoverageRunner {
  return async ({ testFiles, overlay, signal }) => {
    const { detection, folder, logger } = options;
    if (!coverageSupported(detection.framework)) return { note: `line coverage is not measured for ${detection.framework}` };
    const command = coverageCommand(detection, folder, testFiles, options.configuredCommand);
    if (!command) return { note: `no coverage command for ${detection.framework}` };
    // Any overlay (even an empty one) means "not in the user's folder": plugins write files where tests run.
    const sandbox = overlay ? await poolFor(folder, logger).acquire(overlay) : undefined;
    try {
      const report = await collectCoverage({
        root: sandbox?.root ?? folder,
        command,
        framework: detection.framework,
        ...(detection.python ? { python: detection.python } : {}),
        timeoutMs: options.timeoutMs,
        signal,
        logger,
        ...(options.env ? { env: options.env } : {}),
      });
      return report ? { report } : { note: `no coverage for ${detection.framework}` };
    } catch (error) {
      if (error instanceof CoverageError) {
        logger.warn(`Coverage of ${testFiles.join(', ')} could not be measured: ${error.message}`);
        return { note: error.message.split('\n')[0]! };
      }
      throw error;
    } finally {
      await sandbox?.release();
    }
  };
}
