// What every framework adapter turns its runner's report into, before the common step maps it to
// the contract (TestRunResult). Paths here are already folder-relative ('/'-separated).
import type { CollectionError, StackFrame, TestStatus } from '../types';

export interface ParsedTest {
  id: string;
  name: string;
  file: string;
  line?: number;
  status: TestStatus;
  durationMs?: number;
  /** Present when status is 'failed' or 'error'. */
  failure?: {
    message: string;
    expected?: string;
    actual?: string;
    stack: StackFrame[];
    output?: string;
  };
}

export interface ParsedReport {
  tests: ParsedTest[];
  collectionErrors: CollectionError[];
}
