// Contract between the check executors (persistent workers per language) and their users: the
// ranking of implementation candidates, the clarifying questions and the benchmarks.

export type ExecLanguage = 'python' | 'javascript' | 'typescript';

/**
 * One check of a candidate: a snippet run against the loaded candidate.
 * `exec`: statements (assert-style); passes when nothing is raised/thrown.
 * `eval`: one expression; passes when it evaluates, and its value is returned as `repr` (Python)
 * or a stable JSON-like rendering (JS), so candidates can be compared on concrete inputs.
 */
export interface Check {
  id: string;
  code: string;
  kind?: 'exec' | 'eval';
  /** Run against a freshly loaded copy of the candidate (no state left by earlier checks). */
  fresh?: boolean;
  /** Run even after the candidate used up its timeout budget (`ExecLimits.maxTimeouts`). */
  always?: boolean;
}

/** A set of checks defined once and run against many candidates. */
export interface CheckSuite {
  id: string;
  checks: Check[];
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout';

export interface CheckResult {
  id: string;
  /** `fail`: an assertion did not hold; `error`: anything else raised, or the process died. */
  status: CheckStatus;
  message?: string;
  /** Rendering of the value of an `eval` check that passed. */
  value?: string;
  /** Captured stdout/stderr of the check, capped. */
  output?: string;
  ms?: number;
}

export interface LoadResult {
  status: 'ok' | 'error' | 'timeout';
  message?: string;
  output?: string;
  ms?: number;
}

/** Everything one candidate did: loading it, then every check (in suite order). */
export interface CandidateRun {
  load: LoadResult;
  checks: CheckResult[];
  ms: number;
  /** Fresh processes needed (1 unless a check crashed or hung its process). */
  restarts: number;
}

export interface ExecLimits {
  /** Per check; CPU time for Python, wall time for JS. */
  timeoutMs: number;
  /** Loading the candidate (module-level code). */
  loadTimeoutMs: number;
  /** Address-space limit of a Python candidate process; heap limit of a JS candidate thread. */
  memoryMb: number;
  /** Characters of stdout/stderr kept per check. */
  outputLimit: number;
  /**
   * Once this many checks of a candidate ran out of time, its remaining checks are reported as
   * timeouts without running (except `always` checks): a candidate that loops on most inputs
   * costs a few timeouts, not one per check. Undefined: no budget.
   */
  maxTimeouts?: number;
  /** With `maxTimeouts`: run the remaining checks with this shorter timeout instead of skipping them. */
  exhaustedTimeoutMs?: number;
}

export const defaultLimits: ExecLimits = { timeoutMs: 1000, loadTimeoutMs: 5000, memoryMb: 512, outputLimit: 2000, maxTimeouts: 3 };

export interface CandidateRequest {
  language: ExecLanguage;
  /** The candidate's full source (for Python: the module text with the function). */
  code: string;
  suite: CheckSuite;
  /** Run only these checks of the suite. */
  only?: string[];
  /**
   * The function under test. Python: a call that ran out of time is not repeated with the same
   * arguments by later checks (they time out at once), so a looping candidate costs one timeout.
   */
  entryPoint?: string;
  limits?: Partial<ExecLimits>;
}

/** Raised when work is cancelled through an AbortSignal. */
export class ExecCancelledError extends Error {
  constructor(message = 'Execution cancelled') {
    super(message);
    this.name = 'ExecCancelledError';
  }
}

/** Raised when a worker cannot be started at all (python3 missing...). */
export class ExecUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecUnavailableError';
  }
}
