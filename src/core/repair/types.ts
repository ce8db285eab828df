// Types of the self-debugging repair loop (src/core/repair). The loop reaches the index,
// localizer, LLM, edit parser and test runner only through RepairDeps, so it runs the same in
// VS Code, the CLI and the tests.
import type { CodeIndex } from '../index/types';
import type { LlmClient, TokenUsage } from '../llm/types';
import type { FrameworkId, TestFailure, TestRunResult } from '../testing/types';

export interface Suspect {
  file: string;
  symbol: string;
  startLine: number;
  endLine: number;
  score: number;
  why: string;
}

export interface TestSelection {
  /** Test ids to run; empty/undefined with no files = the whole suite. */
  testIds?: string[];
  files?: string[];
}

export interface RunRequest extends TestSelection {
  /** Changed files (relative path → full new text), run in an isolated copy. */
  overlay?: Record<string, string>;
  /** What the run is for; the task name becomes "pytest tests/test_cart.py — candidate 3/5". */
  label: string;
  signal: AbortSignal;
}

/** The result of applying a model's answer to the workspace's files (in memory). */
export interface AppliedAnswer {
  /** Relative path → new full text, only files that changed. */
  changes: Record<string, string>;
  /** Reasons why (parts of) the answer could not be applied; fed back to the model. */
  problems: string[];
}

export interface ApplyHints {
  /** Where a block that names no file goes: the top suspect's file. */
  defaultFile?: string;
  /** The functions the model was asked about, to choose between same-named symbols. */
  targets: { file: string; qualifiedName: string }[];
  /** Files the answer must not change (the tests). */
  readOnly: string[];
}

export interface RepairDeps {
  llm: LlmClient;
  index: CodeIndex;
  framework: FrameworkId;
  localize(failures: TestFailure[], signal: AbortSignal): Promise<Suspect[]>;
  runTests(request: RunRequest): Promise<TestRunResult>;
  /** Current text of a workspace file (unsaved editor buffers win over the disk). */
  readFile(relativePath: string): Promise<string>;
  /** Parses an answer into edits and applies them to the given files (edit format of src/core/edits). */
  applyAnswer(answer: string, files: Record<string, string>, hints: ApplyHints): Promise<AppliedAnswer>;
}

export interface RepairOptions {
  candidatesPerRound: number;
  maxRounds: number;
  temperature: number;
  /** Run the whole suite as the regression set instead of the touched modules' test files. */
  fullSuite?: boolean;
}

export type CandidateVerdict = 'verified' | 'failing' | 'regressing' | 'rejected' | 'error';

export interface CandidateResult {
  id: string;
  round: number;
  /** Relative path → new text. */
  changes: Record<string, string>;
  /** Unified diff against the original files. */
  patch: string;
  changedLines: number;
  verdict: CandidateVerdict;
  fixedTests: string[];
  stillFailing: string[];
  regressions: string[];
  testsRun: number;
  /** Why it was rejected or what the tests said; fed back to the model. */
  feedback: string;
  /** The model's answer, for the next round's conversation. */
  answer: string;
  /** Other candidates that produced the same patch. */
  duplicates: number;
}

export interface RepairOutcome {
  status: 'fixed' | 'not-fixed' | 'error';
  best?: CandidateResult;
  alternatives: CandidateResult[];
  /** Every candidate that was tried, in order. */
  tried: CandidateResult[];
  targetTests: string[];
  /** Text of every file a candidate changed, before the change (relative path → text). */
  originals: Record<string, string>;
  rounds: number;
  /** Answers received from the model (duplicates included). */
  candidates: number;
  tokens: TokenUsage;
  llmMs: number;
  totalMs: number;
  testMs: number;
  message: string;
}
