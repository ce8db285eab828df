// Publishes test results to VS Code's testing API: items per file, suite/class and test (with
// ranges), and a TestRun per run with each outcome, so the Test Explorer, the gutter icons and
// the peek view show them. Failures become TestMessages with the expected/actual diff, the
// location of the failure and the stack trace.
import path from 'node:path';
import * as vscode from 'vscode';
import { fileOfTestId, jsTestId, titlesOfJsTestId } from '../../core/testing/testIds';
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

/** One level of the item tree below a file: what it shows and the test id that runs it. */
export interface ItemLevel {
  label: string;
  testId: string;
}

/**
 * The levels below the file for a test id: pytest's classes and function, with a parametrized
 * case (`test_total[2-3]`) as a child of its function; or the JS suites and test.
 */
export function itemLevels(framework: FrameworkId, testId: string): ItemLevel[] {
  const file = fileOfTestId(testId);
  if (framework !== 'pytest') {
    const titles = titlesOfJsTestId(testId);
    return titles.map((label, i) => ({ label, testId: jsTestId(file, titles.slice(0, i + 1)) }));
  }
  const parts = testId.split('::').slice(1);
  const levels = parts.map((label, i) => ({ label, testId: [file, ...parts.slice(0, i + 1)].join('::') }));
  const last = levels.at(-1);
  const parametrized = last && /^([^[]+)(\[.*\])$/.exec(last.label);
  if (last && parametrized) {
    const base = { label: parametrized[1]!, testId: last.testId.slice(0, last.testId.length - parametrized[2]!.length) };
    levels.splice(-1, 1, base, { label: parametrized[2]!, testId: last.testId });
  }
  return levels;
}

export class TestItems {
  private readonly targets = new WeakMap<vscode.TestItem, ItemTarget>();
  /** Per file item: the ids its last discovery created (to drop those that are gone). */
  private readonly discovered = new Map<string, Set<string>>();

  constructor(private readonly controller: vscode.TestController) {}

  target(item: vscode.TestItem): ItemTarget | undefined {
    return this.targets.get(item);
  }

  /** Lists a test file (before any run has shown its tests); its tests are found on demand. */
  showFile(folder: string, file: string): vscode.TestItem {
    const item = this.fileItem(folder, file);
    item.canResolveChildren = true;
    return item;
  }

  /** The file item of a listed or run test file, if there is one. */
  fileItemOf(folder: string, file: string): vscode.TestItem | undefined {
    return this.controller.items.get(`${folder}${SEP}${file}`);
  }

  /** Drops the items of a deleted file, or of every file below a deleted folder. */
  removeFiles(folder: string, fileOrDir: string): void {
    const prefix = `${folder}${SEP}${fileOrDir}`;
    const gone: string[] = [];
    this.controller.items.forEach((item) => {
      if (item.id === prefix || item.id.startsWith(`${prefix}/`)) gone.push(item.id);
    });
    for (const id of gone) {
      this.controller.items.delete(id);
      this.discovered.delete(id);
    }
  }

  /**
   * Shows the tests found in a file's source, at their lines. Tests found by an earlier
   * discovery and now gone are removed; items that only a run reported (parametrized cases,
   * computed titles) stay until they are gone from a run.
   */
  showDiscovered(folder: string, framework: FrameworkId, file: string, tests: { id: string; line: number }[]): void {
    const fileItem = this.showFile(folder, file);
    const now = new Set<string>();
    for (const test of tests) {
      const item = this.itemFor(folder, framework, { id: test.id, file, line: test.line });
      now.add(item.id);
      for (let parent = item.parent; parent && parent !== fileItem; parent = parent.parent) now.add(parent.id);
    }
    const before = this.discovered.get(fileItem.id) ?? new Set<string>();
    const remove = (collection: vscode.TestItemCollection) => {
      const gone: string[] = [];
      collection.forEach((child) => {
        if (before.has(child.id) && !now.has(child.id)) gone.push(child.id);
        else remove(child.children);
      });
      for (const id of gone) collection.delete(id);
    };
    remove(fileItem.children);
    this.discovered.set(fileItem.id, now);
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
  itemFor(folder: string, framework: FrameworkId, test: Pick<TestCaseResult, 'id' | 'file' | 'line'>): vscode.TestItem {
    let parent = this.fileItem(folder, test.file);
    const uri = vscode.Uri.file(path.join(folder, test.file));
    for (const level of itemLevels(framework, test.id)) {
      const id = `${folder}${SEP}${level.testId}`;
      let item = parent.children.get(id);
      if (!item) {
        item = this.controller.createTestItem(id, level.label, uri);
        parent.children.add(item);
        this.targets.set(item, { folder, file: test.file, testId: level.testId });
      }
      parent = item;
    }
    if (test.line) parent.range = new vscode.Range(test.line - 1, 0, test.line - 1, 0);
    return parent;
  }

  /** Looks an item up without creating it. */
  find(folder: string, testId: string, framework: FrameworkId): vscode.TestItem | undefined {
    let item = this.controller.items.get(`${folder}${SEP}${fileOfTestId(testId)}`);
    for (const level of itemLevels(framework, testId)) item = item?.children.get(`${folder}${SEP}${level.testId}`);
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
