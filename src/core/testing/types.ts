// Contract between the test runners (producers) and the localizer, repair loop, CLI and editor
// (consumers). Paths are relative to the workspace folder, with '/' separators.

export type FrameworkId = 'pytest' | 'vitest' | 'jest' | 'mocha' | 'node-test';

export interface StackFrame {
  file: string;
  line: number;
  column?: number;
  function: string;
  /** True when the frame is in the workspace (not in a library, the runtime or the runner). */
  inWorkspace: boolean;
}

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCaseResult {
  /** Stable id: pytest node id (`tests/test_cart.py::TestCart::test_total`), or `file::Suite > name` for JS runners. */
  id: string;
  name: string;
  file: string;
  line?: number;
  status: TestStatus;
  durationMs?: number;
}

export interface TestFailure {
  id: string;
  file: string;
  line: number;
  message: string;
  expected?: string;
  actual?: string;
  /** Innermost frame last, as Python prints tracebacks. */
  stack: StackFrame[];
  /** Excerpt of the test's captured stdout/stderr. */
  output?: string;
  durationMs?: number;
  kind: 'failed' | 'error';
  /** The test's name as the runner shows it (the last part of the id). */
  name?: string;
}

/** A test file that could not be collected (syntax error, import error) or a runner that could not start. */
export interface CollectionError {
  file?: string;
  message: string;
  /** Line of the error in `file`, when the runner says. */
  line?: number;
}

export interface TestRunResult {
  framework: FrameworkId;
  command: string;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
  ms: number;
  failures: TestFailure[];
  tests: TestCaseResult[];
  collectionErrors: CollectionError[];
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The runner's human-readable output (stdout+stderr interleaved), capped. */
  output: string;
  /**
   * Set when the tests could not be run at all: no runner installed, the runner could not start,
   * it crashed before reporting, timed out or was cancelled. The counts mean nothing then.
   */
  runnerError?: string;
  /** True when the run used an isolated copy of the folder (a candidate overlay). */
  sandboxed?: boolean;
}

/** What a "Fix with SelfDebug" / "Explain failure" / "Rerun" code lens passes to its command. */
export interface TestRef {
  /** Absolute path of the workspace folder. */
  folder: string;
  testId: string;
  /** Test file, relative to the folder. */
  file: string;
  line?: number;
}
