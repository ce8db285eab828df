// The localizer as the CLI, the editor and the benchmark use it: from a folder and either a test
// run's output, structured failures or a bug report, to ranked suspects. Builds the index when
// none is given and collects per-test coverage when the runner allows it cheaply.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { collectCoverage, CoverageError } from '../coverage/collectCoverage';
import type { CoverageReport } from '../coverage/types';
import { WorkspaceIndex } from '../index/workspaceIndex';
import type { CodeIndex } from '../index/types';
import type { LlmClient } from '../llm/types';
import type { Logger, ProgressReporter } from '../ports';
import type { FrameworkId, TestFailure } from '../testing/types';
import type { Weights } from './combine';
import { localizeFailures } from './localizeFailures';
import { localizeQuery } from './localizeQuery';
import { parseFailureOutput } from './parse/parseFailureOutput';
import type { ParsedFailure, RankedSuspect } from './types';

export interface LocalizeRequest {
  /** Absolute workspace folder. */
  root: string;
  /** An index of `root` to reuse; otherwise one is built (and disposed) for this request. */
  index?: CodeIndex;
  /** A test run's output as the runner printed it. */
  failureOutput?: string;
  /** Failures already structured (the test runner's results). */
  failures?: TestFailure[];
  /** A bug report in words (used when there are no failures). */
  query?: string;
  /** 'auto' (default): collect when the framework allows it cheaply; 'off': never; or a report collected earlier. */
  coverage?: 'auto' | 'off' | CoverageReport;
  /** The command that runs the project's tests (shell syntax), for the coverage run. */
  testCommand?: string;
  framework?: FrameworkId;
  llm?: LlmClient;
  limit?: number;
  weights?: Weights;
  /** Timeout of the coverage run (default 5 minutes). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  signal: AbortSignal;
  logger: Logger;
  progress?: ProgressReporter;
  /** Current text of a workspace file; default: the disk. */
  readFile?: (relative: string) => Promise<string | undefined>;
}

export interface LocalizeResult {
  suspects: RankedSuspect[];
  failures: ParsedFailure[];
  coverage?: CoverageReport;
  /** What the localizer could not use and why ("no coverage: ..."), for the log. */
  notes: string[];
  ms: number;
}

/** The input cannot be localized (nothing to parse, no failing test in it). */
export class LocalizeInputError extends Error {}

export async function localize(request: LocalizeRequest): Promise<LocalizeResult> {
  const started = Date.now();
  const notes: string[] = [];
  const root = path.resolve(request.root);
  let failures: ParsedFailure[] = [];
  if (request.failures?.length) failures = request.failures as ParsedFailure[];
  else if (request.failureOutput !== undefined) {
    failures = parseFailureOutput(request.failureOutput, { root });
    if (!failures.length && !request.query) {
      throw new LocalizeInputError('No failing test found in the output (looked for pytest, unittest, vitest, jest, mocha and node --test reports, and Python/V8 stack traces).');
    }
  }
  if (!failures.length && !request.query?.trim()) throw new LocalizeInputError('Nothing to localize: give failing test output or a description of the bug.');

  request.progress?.report('Indexing the workspace', 0.05);
  const ownIndex = request.index ? undefined : await WorkspaceIndex.build(root, { signal: request.signal, logger: request.logger });
  const index = request.index ?? ownIndex!;
  try {
    if (!failures.length) {
      request.progress?.report('Searching the code for the report', 0.5);
      const suspects = await localizeQuery({ index, query: request.query!, limit: request.limit, llm: request.llm, signal: request.signal, logger: request.logger });
      return { suspects, failures, notes, ms: Date.now() - started };
    }
    let coverage: CoverageReport | undefined;
    if (typeof request.coverage === 'object') coverage = request.coverage;
    else if (request.coverage !== 'off') {
      request.progress?.report('Running the tests with coverage', 0.2);
      try {
        coverage = await collectCoverage({
          root,
          command: request.testCommand,
          framework: request.framework ?? failures.find((f) => f.framework)?.framework,
          timeoutMs: request.timeoutMs ?? 300_000,
          signal: request.signal,
          logger: request.logger,
          env: request.env,
        });
        if (!coverage) notes.push('no per-test coverage for this test framework');
      } catch (error) {
        if (!(error instanceof CoverageError)) throw error;
        request.signal.throwIfAborted();
        notes.push(`no coverage: ${error.message}`);
        request.logger.warn(`Localize: ${error.message}`);
      }
    }
    if (coverage && !coverage.tests.some((t) => t.outcome === 'failed' || t.outcome === 'error')) {
      notes.push('the coverage run had no failing test, so its spectrum was not used');
      coverage = undefined;
    }
    request.progress?.report('Ranking suspects', 0.9);
    const readText = request.readFile ?? ((relative: string) => readFile(path.join(root, relative), 'utf8').catch(() => undefined));
    const { suspects, used, ignoredFailing } = await localizeFailures({ index, failures, coverage, readFile: readText, weights: request.weights, limit: request.limit });
    if (ignoredFailing.length) notes.push(`the spectrum leaves out ${ignoredFailing.length} failing test(s) that are not being localized`);
    request.logger.info(`Localize: ${failures.length} failure(s), signals: ${used.join(', ') || 'none'}; ${suspects.length} suspects`);
    return { suspects, failures, coverage, notes, ms: Date.now() - started };
  } finally {
    await ownIndex?.dispose();
  }
}
