// Types of the generators (src/core/generate): "Generate Implementation" (a stub function filled
// in by candidates ranked on generated tests) and "Generate Tests" (tests for existing code,
// kept when they pass, measured by the target's line coverage). Paths are relative to the
// workspace folder with '/' separators; lines are 1-based and inclusive.
import type { LanguageId } from '../index/types';
import type { TokenUsage } from '../llm/types';
import type { Proposal } from '../review/types';
import type { FrameworkId, TestFailure } from '../testing/types';

/** How a function body says "not written yet". */
export type StubKind = 'pass' | 'ellipsis' | 'not-implemented' | 'empty';

/** A function, method or class as the generators see it. */
export interface CodeUnit {
  file: string;
  language: LanguageId;
  name: string;
  /** Dotted name within the module (`Shelf.add`). */
  qualifiedName: string;
  kind: 'function' | 'method' | 'class';
  /** The definition's lines (decorators and `export` included). */
  startLine: number;
  endLine: number;
  /** The body's lines (for a class: its members). */
  bodyStartLine: number;
  bodyEndLine: number;
  signature: string;
  doc?: string;
  /** Python: the lines of the docstring statement (the first statement of the body), when there is one. */
  docLines?: { start: number; end: number };
  /** The definition's source text. */
  code: string;
  /** Set when the body is a stub. */
  stub?: StubKind;
  /** The enclosing class of a method. */
  className?: string;
  /** Lines of the body where a statement starts: the denominator of line coverage. */
  statementLines: number[];
}

/** What a "Generate implementation" code lens passes to its command (and the CLI resolves). */
export interface GenerateTargetRef {
  /** Absolute path of the workspace folder. */
  folder: string;
  /** Relative to the folder. */
  file: string;
  /** Qualified name (`median`, `Shelf.add`). */
  qualifiedName: string;
  /** Line of the definition when it was found, to pick between same-named symbols. */
  line?: number;
}

/** An existing test that calls the target, found by reading the project's test files. */
export interface ExistingTest {
  file: string;
  /** Test function name (pytest) or the test's title (JS runners). */
  name: string;
  startLine: number;
  endLine: number;
  code: string;
}

/** One implementation the model proposed, after parsing. */
export interface ImplementationCandidate {
  id: string;
  /** The function as the model wrote it (re-indented into the file). */
  code: string;
  /** The whole target file with the implementation in place. */
  fileText: string;
  /** Answers that gave the same implementation (after normalising whitespace and comments). */
  duplicates: number;
  /** Helper definitions or imports the answer added next to the function. */
  extras: string[];
}

/** A generated check: an assertion about the target on concrete inputs. */
export interface GeneratedCheck {
  id: string;
  /** Statement(s) the worker executes; an assertion failure or exception fails the check. */
  code: string;
  /** The call whose value the check asserts (`median([1, 2])`), when it could be isolated. */
  call?: string;
  /** The expected value as written, when the check compares a call with a value. */
  expected?: string;
  /** The check expects an exception (of this type when the model named one). */
  raises?: string;
  /** The same check as a statement for the project's test file (pytest / vitest style). */
  source: string;
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout';

/** Execution of one candidate against every generated check. */
export interface CandidateExecution {
  candidateId: string;
  /** The candidate could not even be loaded (syntax error, import error, timeout). */
  loadError?: string;
  /** Check id -> status. */
  checks: Record<string, CheckStatus>;
  /** Check id -> failure message, for failing checks. */
  messages?: Record<string, string>;
  /** Check id -> rendered value, for `eval` checks that evaluated. */
  values?: Record<string, string>;
  ms: number;
}

/** A question the user answered (or skipped) to break a tie between candidate groups. */
export interface Clarification {
  call: string;
  options: string[];
  /** The value the user chose; undefined when skipped. */
  answer?: string;
  /** The check that the answer became. */
  checkId?: string;
}

export interface ExistingTestVerdict {
  passed: string[];
  failed: string[];
  /** Why the existing tests could not run (no framework, collection error...). */
  problem?: string;
}

export interface ImplementationEvidence {
  /** Existing tests that call the target: which the winner passes and fails. */
  existingTests: ExistingTestVerdict;
  /** Candidates that behave like the winner on every generated check (its agreeing group). */
  groupSize: number;
  candidates: number;
  distinctCandidates: number;
  generatedChecks: number;
  /** Ids of the generated checks the winner passes. */
  checksPassed: string[];
  /** The ranking's score of the winner's group and of the runner-up group (for "close"). */
  score?: number;
  runnerUpScore?: number;
  method: string;
  /** One line from the ranking: "group of 3 of 5 candidates agreeing, passes 7 of 9 generated tests". */
  rankingEvidence?: string;
  clarifications: Clarification[];
  /** The winner failed an existing test and the repair loop fixed it. */
  repaired: boolean;
}

export type GenerateStatus = 'generated' | 'not-verified' | 'error';

export interface GenerateOutcome {
  status: GenerateStatus;
  target: { file: string; qualifiedName: string; stub?: StubKind };
  /** The winning implementation (also when it is not verified). */
  winner?: ImplementationCandidate;
  /** Unified diff of the target file. */
  patch?: string;
  /** The generated checks the winner passes, added to the project's tests. */
  testsPatch?: string;
  testsFile?: string;
  evidence?: ImplementationEvidence;
  checks: GeneratedCheck[];
  executions: CandidateExecution[];
  /** The implementation (kind 'implementation'), best first, then alternatives from other groups. */
  proposals: Proposal[];
  /** The generated checks the winner passes, as an addition to the project's tests (kind 'tests'). */
  testsProposal?: Proposal;
  /** Candidates the model gave and why the ones that could not be used were dropped. */
  candidates: { id: string; duplicates: number; loadError?: string; existingTests?: ExistingTestVerdict; group?: number }[];
  rejectedAnswers: string[];
  tokens: TokenUsage;
  llmMs: number;
  totalMs: number;
  message: string;
}

/** A generated test for the project's test file. */
export interface GeneratedTest {
  /** Test function name or test title. */
  name: string;
  code: string;
  /** A property-based test (hypothesis / fast-check). */
  property: boolean;
  /** Round of generation it came from (1-based). */
  round: number;
}

export interface FailingGeneratedTest extends GeneratedTest {
  failure: Pick<TestFailure, 'message' | 'expected' | 'actual'> & { kind: 'failed' | 'error' };
}

export interface CoverageMeasure {
  /** Statement lines of the target that ran, over all statement lines of the target. */
  covered: number;
  total: number;
  /** Statement lines no test ran. */
  uncovered: number[];
}

export type TestGenStatus = 'generated' | 'none-passing' | 'error';

export interface TestGenOutcome {
  status: TestGenStatus;
  target: { file: string; qualifiedName: string };
  framework?: FrameworkId;
  /** The test file the tests go to, and whether it exists already. */
  testFile?: string;
  newFile: boolean;
  kept: GeneratedTest[];
  /** "Possible bug or wrong expectation": generated tests that fail on the current code. */
  failing: FailingGeneratedTest[];
  /** Generated tests dropped as duplicates of existing or kept tests. */
  duplicates: number;
  coverageBefore?: CoverageMeasure;
  coverageAfter?: CoverageMeasure;
  /** Why coverage was not measured, when it was not. */
  coverageNote?: string;
  rounds: number;
  propertyLibrary?: 'hypothesis' | 'fast-check';
  patch?: string;
  proposals: Proposal[];
  tokens: TokenUsage;
  llmMs: number;
  totalMs: number;
  message: string;
}
