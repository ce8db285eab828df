// Collects per-test coverage with one extra run of the suite: pytest (tracer plugin), vitest,
// jest and mocha (V8 precise coverage taken around every test inside the runner's own processes:
// a setup file for vitest and jest, a root-hook plugin for mocha) and node --test (V8 coverage per
// test-file process).
import { detectFramework } from '../testing/detect';
import type { FrameworkId } from '../testing/types';
import type { CollectOptions } from './collectOptions';
import { collectJestCoverage } from './jestCoverage';
import { collectMochaCoverage } from './mochaCoverage';
import { collectNodeTestCoverage } from './nodeTestCoverage';
import { collectPytestCoverage } from './pytestCoverage';
import type { CoverageReport } from './types';
import { collectVitestCoverage } from './vitestCoverage';

export { CoverageError } from './collectOptions';
export type { CollectOptions } from './collectOptions';

/** The runner a command line invokes, if it says. */
export function frameworkOfCommand(command: string): FrameworkId | undefined {
  if (/\bpytest\b/.test(command)) return 'pytest';
  if (/\bvitest\b/.test(command)) return 'vitest';
  if (/\bjest\b/.test(command)) return 'jest';
  if (/\bmocha\b/.test(command)) return 'mocha';
  if (/\bnode\b.*\s--test\b/.test(command)) return 'node-test';
  return undefined;
}

export function coverageSupported(framework: FrameworkId): boolean {
  return framework === 'pytest' || framework === 'vitest' || framework === 'node-test' || framework === 'mocha' || framework === 'jest';
}

/**
 * Runs the tests once with coverage. Resolves to undefined when the framework is unknown or has
 * no cheap per-test coverage; rejects with a CoverageError when the run itself fails.
 */
export async function collectCoverage(options: CollectOptions & { framework?: FrameworkId }): Promise<CoverageReport | undefined> {
  let framework = options.framework ?? (options.command ? frameworkOfCommand(options.command) : undefined);
  let python = options.python;
  if (!framework) {
    const detected = await detectFramework(options.root, options.env ?? process.env);
    framework = detected?.framework;
    python ??= detected?.python;
  }
  if (!framework) {
    options.logger.info('coverage: no test framework found; localizing without coverage');
    return undefined;
  }
  switch (framework) {
    case 'pytest':
      return collectPytestCoverage({ ...options, python });
    case 'vitest':
      return collectVitestCoverage(options);
    case 'node-test':
      return collectNodeTestCoverage(options);
    case 'mocha':
      return collectMochaCoverage(options);
    case 'jest':
      return collectJestCoverage(options);
    default:
      options.logger.info(`coverage: per-test coverage is not collected for ${framework}; localizing from traces and the call graph`);
      return undefined;
  }
}
