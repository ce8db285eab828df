// Publishes test results to VS Code's testing API: items per file, suite/class and test (with
// ranges), and a TestRun per run with each outcome, so the Test Explorer, the gutter icons and
// the peek view show them. Failures become TestMessages with the expected/actual diff, the
// location of the failure and the stack trace.
import path from 'node:path';
import * as vscode from 'vscode';
import { fileOfTestId, titlesOfJsTestId } from '../../core/testing/testIds';
import type { CollectionError, FrameworkId, StackFrame, TestCaseResult, TestFailure, TestRunResult } from '../../core/testing/types';
import { toTerminalText } from './taskPresenter';

// Item ids: folder, then the test id. (VS Code reserves \0 in test ids for its own use.)
const SEP = '::';

/** Where a test item came from: enough to run it again. */
export interface ItemTarget {
  folder: string;
  /** A test file (file items) or a test/suite/class id (other items). */
  file: string;
  testId?: string;
}

/** The id parts below the file: pytest's `::` parts, or the JS suite/test titles. */
export function idPath(framework: FrameworkId, testId: string): string[] {
  if (framework === 'pytest') return testId.split('::').slice(1);
  return titlesOfJsTestId(testId);
}

export class TestItems {
  private readonly targets = new WeakMap<vscode.TestItem, ItemTarget>();

  constructor(private readonly controller: vscode.TestController) {}

  target(item: vscode.TestItem): ItemTarget | undefined {
    return this.targets.get(item);
  }

  /** Lists a test file (before any run has shown its tests). */
  showFile(folder: string, file: string): vscode.TestItem {
    return this.fileItem(folder, file);
  }

  /** Drops the items of a deleted file, or of every file below a deleted folder. */
  removeFiles(folder: string, fileOrDir: string): void {
    const prefix = `${folder}${SEP}${fileOrDir}`;
    const gone: string[] = [];
    this.controller.items.forEach((item) => {
      if (item.id === prefix || item.id.startsWith(`${prefix}/`)) gone.push(item.id);
    });
    for (const id of gone) this.controller.items.delete(id);
  }

  private fileItem(folder: string, file: string): vscode.TestItem {
    const id = `${folder}${SEP}${file}`;
    let item = this.controller.items.get(id);
    if (!item) {
      const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      item = this.controller.createTestItem(id, multiRoot ? `${path.basename(folder)}/${file}` : file, vscode.Uri.file(path.join(folder, file)));
      this.controller.items.add(item);
      this.targets.set(item, { folder, file });
    }
    return item;
  }

  /** The item of a test (creating it and its suites when needed). */
  itemFor(folder: string, framework: FrameworkId, test: Pick<TestCaseResult, 'id' | 'file' | 'line' | 'name'>): vscode.TestItem {
    let parent = this.fileItem(folder, test.file);
    const parts = idPath(framework, test.id);
    const uri = vscode.Uri.file(path.join(folder, test.file));
    const joiner = framework === 'pytest' ? '::' : ' > ';
    for (let i = 0; i < parts.length; i++) {
      const partialId = `${test.file}::${parts.slice(0, i + 1).join(joiner)}`;
      const id = `${folder}${SEP}${partialId}`;
      let item = parent.children.get(id);
      if (!item) {
        item = this.controller.createTestItem(id, parts[i]!, uri);
        parent.children.add(item);
        this.targets.set(item, { folder, file: test.file, testId: partialId });
      }
      parent = item;
    }
    if (test.line) parent.range = new vscode.Range(test.line - 1, 0, test.line - 1, 0);
    return parent;
  }

  /** Looks an item up without creating it. */
  find(folder: string, testId: string, framework: FrameworkId): vscode.TestItem | undefined {
    let item = this.controller.items.get(`${folder}${SEP}${fileOfTestId(testId)}`);
    const parts = idPath(framework, testId);
    const joiner = framework === 'pytest' ? '::' : ' > ';
    for (let i = 0; item && i < parts.length; i++) item = item.children.get(`${folder}${SEP}${fileOfTestId(testId)}::${parts.slice(0, i + 1).join(joiner)}`);
    return item;
  }

  /** Shows a run's outcome in the testing UI. */
  publish(folder: string, result: TestRunResult, request?: vscode.TestRunRequest): void {
    const run = this.controller.createTestRun(request ?? new vscode.TestRunRequest(), `SelfDebug: ${result.framework}`, false);
    try {
      if (result.output) run.appendOutput(toTerminalText(result.output));
      const failures = new Map(result.failures.map((f) => [f.id, f]));
      for (const test of result.tests) {
        const item = this.itemFor(folder, result.framework, test);
        const duration = test.durationMs;
        if (test.status === 'passed') run.passed(item, duration);
        else if (test.status === 'skipped') run.skipped(item);
        else {
          const failure = failures.get(test.id);
          const message = failure ? failureMessage(folder, failure) : new vscode.TestMessage('Failed');
          if (test.status === 'error') run.errored(item, message, duration);
          else run.failed(item, message, duration);
        }
      }
      for (const error of result.collectionErrors) {
        if (!error.file) continue;
        run.errored(this.fileItem(folder, error.file), collectionMessage(folder, error));
      }
    } finally {
      run.end();
    }
  }
}

function position(frame: { line: number; column?: number }): vscode.Position {
  return new vscode.Position(Math.max(0, frame.line - 1), Math.max(0, (frame.column ?? 1) - 1));
}

function frameUri(folder: string, frame: StackFrame): vscode.Uri | undefined {
  if (/^(node|internal):/.test(frame.file) || frame.file.startsWith('<')) return undefined;
  return vscode.Uri.file(path.isAbsolute(frame.file) ? frame.file : path.join(folder, frame.file));
}

export function failureMessage(folder: string, failure: TestFailure): vscode.TestMessage {
  const message =
    failure.expected !== undefined && failure.actual !== undefined ? vscode.TestMessage.diff(failure.message, failure.expected, failure.actual) : new vscode.TestMessage(failure.message);
  // Where it failed: the innermost frame in the test's file, else the test itself.
  const inTest = [...failure.stack].reverse().find((f) => f.inWorkspace && f.file === failure.file);
  message.location = new vscode.Location(vscode.Uri.file(path.join(folder, failure.file)), position(inTest ?? { line: failure.line }));
  // VS Code shows the innermost frame first.
  message.stackTrace = [...failure.stack].reverse().map((frame) => {
    const uri = frameUri(folder, frame);
    return new vscode.TestMessageStackFrame(frame.function || '<module>', uri, uri ? position(frame) : undefined);
  });
  return message;
}

function collectionMessage(folder: string, error: CollectionError): vscode.TestMessage {
  const message = new vscode.TestMessage(error.message);
  if (error.file) message.location = new vscode.Location(vscode.Uri.file(path.join(folder, error.file)), new vscode.Position(Math.max(0, (error.line ?? 1) - 1), 0));
  return message;
}
