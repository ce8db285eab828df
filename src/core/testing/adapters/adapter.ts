// One adapter per test framework: how to invoke its runner with a machine-readable reporter and a
// test selection, and how to read what it reported.
import type { SelfDebugConfig } from '../../config';
import type { RunProcessResult } from '../../util/process';
import type { FrameworkDetection } from '../detect';
import type { PathContext } from '../paths';
import type { SourceCache } from '../locate';
import type { ParsedReport } from '../reports/parsed';
import type { FrameworkId } from '../types';

export interface Selection {
  /** Test files, relative to the folder ('/'-separated). Empty: every test. */
  files: string[];
  /** Test ids (see testIds.ts). Empty: every test of `files`. */
  testIds: string[];
}

export interface AdapterContext extends PathContext {
  detection: FrameworkDetection;
  selection: Selection;
  /** Where the runner must write its report (a fresh temporary file). */
  reportFile: string;
  config: SelfDebugConfig;
  /** A candidate run in a sandbox: write no caches, no snapshots. */
  sandboxed: boolean;
  /** Ask the runner for coloured output (a terminal shows it). */
  color: boolean;
  env: NodeJS.ProcessEnv;
}

/** How to start the runner itself (before SelfDebug's options), or why it cannot be started. */
export type RunnerInvocation = { command: string; args: string[]; env?: Record<string, string> } | { missing: string };

export interface RunnerOptions {
  args: string[];
  env: Record<string, string>;
}

export interface ReportContext extends AdapterContext {
  sources: SourceCache;
}

export interface FrameworkAdapter {
  id: FrameworkId;
  /** The runner as installed in the project (used when no command is configured). */
  runner(ctx: AdapterContext): RunnerInvocation;
  /** SelfDebug's options: the reporter, the selection, isolation flags; and extra environment. */
  options(ctx: AdapterContext): RunnerOptions | Promise<RunnerOptions>;
  /** Reads the report (undefined when the runner wrote none) into tests and collection errors. */
  parse(report: string | undefined, run: RunProcessResult, ctx: ReportContext): Promise<ParsedReport>;
  /** When the report is missing: the runner's words saying it is not installed, if they are there. */
  runnerMissing?(run: RunProcessResult): string | undefined;
}

/** The report said something SelfDebug cannot read: a bug or an unsupported runner version. */
export class ReportFormatError extends Error {}
