// Contract between everything that proposes changes (repair loop, generators) and the review UI.

export interface FileChange {
  /** Absolute path of the file. */
  path: string;
  /** The text the proposal was computed against; null for a new file. */
  before: string | null;
  after: string;
}

export interface Evidence {
  /** One line for the editor: "fixes test_x; 14 tests run, 0 regressions". */
  summary: string;
  fixedTests: string[];
  stillFailing: string[];
  regressions: string[];
  testsRun: number;
  tokens?: { prompt: number; completion: number };
  llmMs?: number;
  totalMs?: number;
  /** Free-form extra lines (generated tests passed, size of agreeing group...). */
  details?: string[];
}

export interface Proposal {
  id: string;
  title: string;
  kind: 'repair' | 'implementation' | 'tests';
  changes: FileChange[];
  evidence: Evidence;
}
