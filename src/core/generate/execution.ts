// The port between the implementation generator and whatever runs generated checks against
// candidates (the persistent check workers of src/core/exec in the product; fakes in tests).
import type { CodeUnit } from './types';
import type { CandidateExecution } from './types';

export interface ExecCheck {
  id: string;
  code: string;
  /** `eval`: an expression whose value is reported (clarifying questions compare them). */
  kind: 'exec' | 'eval';
}

export interface ExecutionRequest {
  /** Absolute path of the workspace folder (the candidate's imports resolve against it). */
  folder: string;
  target: CodeUnit;
  /** Each candidate is the whole target file with its implementation in place. */
  candidates: { id: string; fileText: string }[];
  checks: ExecCheck[];
  signal: AbortSignal;
  /** Progress: candidates done so far. */
  onCandidate?: (done: number, total: number) => void;
}

export interface CheckExecutor {
  execute(request: ExecutionRequest): Promise<CandidateExecution[]>;
}

/** Thrown when no executor can run the target's language. */
export class ExecutionUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionUnavailable';
  }
}
