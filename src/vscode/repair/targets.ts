// Which failing test(s) a repair command is about: the code lens's TestRef, the failing test
// under the cursor, or one the user picks from the last results (running the tests first when
// nothing is known yet).
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestFailure, TestRef } from '../../core/testing/types';
import type { Services } from '../services';
import { folderOf } from '../workspaceText';

export interface FailingTarget {
  folder: string;
  failure: TestFailure;
}

function isTestRef(value: unknown): value is TestRef {
  return typeof value === 'object' && value !== null && typeof (value as TestRef).testId === 'string' && typeof (value as TestRef).folder === 'string';
}

function relative(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}

/** Failures the testing service knows for a folder, refreshed by a run when it knows none. */
async function knownFailures(services: Services, folder: string, file?: string): Promise<TestFailure[]> {
  const testing = services.get('testing');
  let results = testing.results(folder);
  if (!results) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SelfDebug: running the tests to find failures', cancellable: true }, (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return testing.run({ folder, file, signal: controller.signal });
    });
    results = testing.results(folder);
  }
  const failures = results?.failures ?? [];
  return file ? failures.filter((f) => f.file === file) : failures;
}

export async function resolveFailingTest(services: Services, arg: unknown): Promise<FailingTarget | undefined> {
  const testing = services.get('testing');
  if (isTestRef(arg)) {
    const folder = path.resolve(arg.folder);
    let failure = testing.failure({ folder, testId: arg.testId });
    if (!failure) {
      // The lens may be older than the results: run the test to get its current failure.
      const run = await testing.run({ folder, testIds: [arg.testId] });
      failure = run.failures.find((f) => f.id === arg.testId) ?? run.failures[0];
      if (!failure) {
        void vscode.window.showInformationMessage(`SelfDebug: ${arg.testId} passes now; nothing to fix.`);
        return undefined;
      }
    }
    return { folder, failure };
  }
  const editor = vscode.window.activeTextEditor;
  const folder = folderOf(editor?.document.uri);
  if (!folder) {
    void vscode.window.showWarningMessage('SelfDebug: open a folder with tests first.');
    return undefined;
  }
  const all = await knownFailures(services, folder);
  if (!all.length) {
    void vscode.window.showInformationMessage('SelfDebug: no failing test in the last run; nothing to fix.');
    return undefined;
  }
  if (editor) {
    const file = relative(folder, editor.document.uri.fsPath);
    const line = editor.selection.active.line + 1;
    const inFile = all.filter((f) => f.file === file);
    // The failing test whose definition starts closest above the cursor.
    const atCursor = inFile.filter((f) => f.line <= line).sort((a, b) => b.line - a.line)[0];
    if (atCursor) return { folder, failure: atCursor };
    if (inFile.length === 1) return { folder, failure: inFile[0] };
  }
  if (all.length === 1) return { folder, failure: all[0] };
  const picked = await vscode.window.showQuickPick(
    all.map((failure) => ({ label: failure.id, description: `${failure.file}:${failure.line}`, detail: failure.message.split('\n')[0], failure })),
    { title: 'SelfDebug: which failing test?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked && { folder, failure: picked.failure };
}

export async function failuresInFile(services: Services, arg: unknown): Promise<{ folder: string; failures: TestFailure[]; file: string } | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : isTestRef(arg) ? vscode.Uri.file(path.join(arg.folder, arg.file)) : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('SelfDebug: open a test file first.');
    return undefined;
  }
  const folder = folderOf(uri);
  if (!folder) return undefined;
  const file = relative(folder, uri.fsPath);
  const failures = await knownFailures(services, folder, file);
  if (!failures.length) {
    void vscode.window.showInformationMessage(`SelfDebug: no failing test in ${file} in the last run.`);
    return undefined;
  }
  return { folder, failures, file };
}
