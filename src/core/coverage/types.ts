// Per-test execution coverage, as the localizer's spectrum signal consumes it. Collectors for
// each runner (pytest tracer plugin, vitest/jest/mocha + V8 precise coverage, node --test +
// NODE_V8_COVERAGE) all produce this shape: which source lines each test executed, and how the
// test ended.
import type { FrameworkId } from '../testing/types';

export type CoverageOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCoverage {
  /** Test id in the testing contract's form (pytest node id, or `file::Suite > name`). */
  id: string;
  outcome: CoverageOutcome;
  /** Workspace-relative file -> executed 1-based lines (sorted, unique). */
  lines: Record<string, number[]>;
}

export interface CoverageReport {
  framework: FrameworkId;
  /** `test` when each entry is one test; `file` when the runner only allows one entry per test file. */
  granularity: 'test' | 'file';
  tests: TestCoverage[];
  command: string;
  ms: number;
  /** Things that went wrong but did not stop the collection (a worker's file missing...). */
  warnings: string[];
}
