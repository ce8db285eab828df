// Contract of the fault localizer: what goes in (failures from a test run, or a bug report) and
// what comes out (suspects, best first, each with a one-line reason).
import type { FrameworkId, TestFailure } from '../testing/types';

/** One ranked place to look at. Same shape as the repair loop's `Suspect` (src/core/repair/types.ts). */
export interface Suspect {
  /** Path relative to the workspace folder, '/' separators. */
  file: string;
  /** Qualified name inside the file (`Cart.total`). */
  symbol: string;
  startLine: number;
  endLine: number;
  /** Higher is more suspicious; comparable only within one answer. */
  score: number;
  /** Why it ranks here, in one line: "frame 2 of trace; called by test; covered by 1/1 failing, 0/12 passing". */
  why: string;
}

/** The value of each signal for one candidate, all in 0..1. */
export interface SignalValues {
  /** Position in the failing traces (innermost non-test frame = 1). */
  trace: number;
  /** Spectrum score (Ochiai) of the candidate's most suspicious line or block. */
  spectrum: number;
  /** Closeness to the failing tests in the call graph (called directly = 1). */
  calls: number;
  /** Lexical similarity between the failing test (name, assertion, message) and the candidate. */
  lexical: number;
  /** Named in the failing assertion (pytest's "where" lines, the asserted expression). */
  assertion: number;
  /** Assigns a name the error message says is missing or wrong ("no attribute '_cache'"). */
  origin: number;
}

export interface RankedSuspect extends Suspect {
  /** Index id of the symbol (`file#qualifiedName`). */
  id: string;
  signals: SignalValues;
  /** The small value that orders otherwise equal scores (see combine.ts). */
  tiebreak?: number;
}

/** A failure as the localizer reads it: the test-run contract plus what only raw output tells. */
export interface ParsedFailure extends TestFailure {
  framework?: FrameworkId;
  /** The test's own name (`test_total`, `adds tasks with parsed estimates`). */
  testName?: string;
  /** Names of functions the runner showed in the failed assertion (pytest `+ where 0 = f(10)`). */
  mentioned?: string[];
}
