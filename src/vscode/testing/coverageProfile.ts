// "Run with Coverage" in the Test Explorer: one run of the selected tests (or all) with
// SelfDebug's per-test coverage collectors, the outcomes on the test items, and line coverage of
// every source file the tests reached, shown by VS Code in the editor and the Test Coverage view,
// also per test ("which lines did this test run").
import path from 'node:path';
import * as vscode from 'vscode';
import type { SelfDebugConfig } from '../../core/config';
import { collectCoverage } from '../../core/coverage/collectCoverage';
import { CoverageError } from '../../core/coverage/collectOptions';
import { summarizeByFile, type FileCoverageSummary } from '../../core/coverage/fileCoverage';
import { coverageCommand } from '../../core/generate/targetCoverage';
import type { Logger } from '../../core/ports';
import { resolveFramework, TestSetupError } from '../../core/testing/runTests';
import { fileOfTestId } from '../../core/testing/testIds';
import { readWorkspaceText } from '../workspaceText';
import { toTerminalText } from './taskPresenter';
import type { TestItems } from './testItems';
import { UntrustedWorkspaceError } from './service';

/** What one folder's coverage run should cover: everything, or these test files. */
export interface CoverageTarget {
  folder: string;
  files: string[];
}

interface Details {
  summary: FileCoverageSummary;
  /** Per line: first and last non-blank column, for the statement's range. */
  columns: Map<number, [number, number]>;
}

export class CoverageProfile {
  private readonly details = new WeakMap<vscode.FileCoverage, Details>();

  constructor(
    private readonly controller: vscode.TestController,
    private readonly items: TestItems,
    private readonly config: (scope: vscode.Uri) => SelfDebugConfig,
    private readonly logger: Logger,
  ) {}

  register(targetsOf: (request: vscode.TestRunRequest) => CoverageTarget[]): vscode.TestRunProfile {
    const profile = this.controller.createRunProfile(
      'Run with Coverage (SelfDebug)',
      vscode.TestRunProfileKind.Coverage,
      (request, token) => this.run(request, targetsOf(request), token),
      true,
    );
    profile.loadDetailedCoverage = async (_run, coverage) => this.statements(coverage);
    profile.loadDetailedCoverageForTest = async (_run, coverage, item) => this.statements(coverage, item);
    return profile;
  }

  async run(request: vscode.TestRunRequest, targets: CoverageTarget[], token: vscode.CancellationToken): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(new UntrustedWorkspaceError().message);
      return;
    }
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const run = this.controller.createTestRun(request, 'SelfDebug: coverage', true);
    try {
      for (const target of targets) {
        if (abort.signal.aborted) break;
        await this.runFolder(run, target, abort.signal);
      }
    } finally {
      cancel.dispose();
      run.end();
    }
  }

  private async runFolder(run: vscode.TestRun, target: CoverageTarget, signal: AbortSignal): Promise<void> {
    const { folder, files } = target;
    const config = this.config(vscode.Uri.file(folder));
    try {
      const detection = await resolveFramework(folder, config);
      const configured = config.testCommands[detection.framework];
      const command = files.length ? coverageCommand(detection, folder, files, configured) : configured;
      run.appendOutput(toTerminalText(`SelfDebug: measuring coverage of ${files.length ? files.join(', ') : 'all tests'} with ${detection.framework} in ${folder}\n`));
      const report = await collectCoverage({
        root: folder,
        framework: detection.framework,
        ...(command ? { command } : {}),
        ...(detection.python ? { python: detection.python } : {}),
        // One run of the selection, slower than a plain one by the collector's overhead.
        timeoutMs: config.testTimeoutSeconds * 2000,
        signal,
        logger: this.logger,
        onOutput: (chunk) => run.appendOutput(toTerminalText(chunk)),
      });
      if (!report) {
        run.appendOutput(toTerminalText(`SelfDebug: no per-test coverage for ${detection.framework}\n`));
        return;
      }
      for (const warning of report.warnings) this.logger.warn(`Coverage: ${warning}`);
      const testItems = new Map<string, vscode.TestItem>();
      for (const test of report.tests) {
        const item = this.items.itemFor(folder, report.framework, { id: test.id, file: fileOfTestId(test.id), line: 0 });
        testItems.set(test.id, item);
        if (test.outcome === 'passed') run.passed(item);
        else if (test.outcome === 'skipped') run.skipped(item);
        else {
          const message = new vscode.TestMessage(`${test.outcome === 'error' ? 'Errored' : 'Failed'} in the coverage run; run the test for its failure details.`);
          if (test.outcome === 'error') run.errored(item, message);
          else run.failed(item, message);
        }
      }
      // Each file is read once: for its statements, then for their columns.
      const texts = new Map<string, Promise<string | undefined>>();
      const textOf = (file: string) => texts.get(file) ?? texts.set(file, readWorkspaceText(folder, file)).get(file)!;
      const summaries = await summarizeByFile(report, textOf);
      for (const summary of summaries) {
        const uri = vscode.Uri.file(path.join(folder, summary.file));
        const included = Object.keys(summary.byTest).map((id) => testItems.get(id)).filter((i): i is vscode.TestItem => !!i);
        const coverage = new vscode.FileCoverage(uri, new vscode.TestCoverageCount(summary.executed.length, summary.statements.length), undefined, undefined, included);
        const text = (await textOf(summary.file)) ?? '';
        this.details.set(coverage, { summary, columns: lineColumns(text, summary.statements) });
        run.addCoverage(coverage);
      }
      const covered = summaries.reduce((n, s) => n + s.executed.length, 0);
      const total = summaries.reduce((n, s) => n + s.statements.length, 0);
      run.appendOutput(toTerminalText(`SelfDebug: ${report.tests.length} tests; ${covered} of ${total} statement lines in ${summaries.length} files ran (${(report.ms / 1000).toFixed(1)} s)\n`));
    } catch (error) {
      if (!(error instanceof CoverageError || error instanceof TestSetupError)) throw error;
      run.appendOutput(toTerminalText(`SelfDebug: ${error.message}\n`));
      if (!signal.aborted) void vscode.window.showWarningMessage(`SelfDebug could not measure coverage: ${error.message.split('\n')[0]}`);
    }
  }

  /** The statements of a file with how often they ran (1 or 0): for all tests, or for one. */
  statements(coverage: vscode.FileCoverage, item?: vscode.TestItem): vscode.StatementCoverage[] {
    const details = this.details.get(coverage);
    if (!details) return [];
    const { summary, columns } = details;
    let ran: Set<number>;
    if (item) {
      const target = this.items.target(item);
      const id = target?.testId ?? target?.file;
      ran = new Set(id ? (summary.byTest[id] ?? []) : []);
    } else ran = new Set(summary.executed);
    return summary.statements.map((line) => {
      const [from, to] = columns.get(line) ?? [0, 0];
      return new vscode.StatementCoverage(ran.has(line) ? 1 : 0, new vscode.Range(line - 1, from, line - 1, to));
    });
  }
}

function lineColumns(text: string, lines: number[]): Map<number, [number, number]> {
  const all = text.split('\n');
  const columns = new Map<number, [number, number]>();
  for (const line of lines) {
    const content = (all[line - 1] ?? '').replace(/\r$/, '');
    const start = content.length - content.trimStart().length;
    columns.set(line, [start, content.trimEnd().length]);
  }
  return columns;
}
