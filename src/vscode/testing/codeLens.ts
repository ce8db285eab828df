// Code lenses above each failing test: "Fix with SelfDebug", "Explain failure", "Rerun". Each
// passes a TestRef. They follow the test when the file is edited (the test is looked up again in
// the current text) and disappear once a run reports the test passing.
import path from 'node:path';
import * as vscode from 'vscode';
import { locateJsTest, locatePythonTest } from '../../core/testing/locate';
import { titlesOfJsTestId } from '../../core/testing/testIds';
import type { FrameworkId, TestFailure, TestRef } from '../../core/testing/types';

export interface FailureLookup {
  /** The folder a file belongs to, and the failing tests of that file. */
  failuresFor(uri: vscode.Uri): { folder: string; framework: FrameworkId; failures: TestFailure[] } | undefined;
}

/** The 1-based line of a failing test in the document's current text. */
export function currentLine(text: string, framework: FrameworkId, failure: TestFailure): number {
  const found = framework === 'pytest' ? locatePythonTest(text, failure.id.split('::').pop() ?? '') : locateJsTest(text, titlesOfJsTestId(failure.id));
  return found ?? failure.line;
}

export class FailingTestCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly lookup: FailureLookup) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = this.lookup.failuresFor(document.uri);
    if (!found?.failures.length) return [];
    const text = document.getText();
    const lenses: vscode.CodeLens[] = [];
    for (const failure of found.failures) {
      const line = Math.min(Math.max(currentLine(text, found.framework, failure), 1), document.lineCount) - 1;
      const range = new vscode.Range(line, 0, line, 0);
      const ref: TestRef = { folder: found.folder, testId: failure.id, file: failure.file, line: line + 1 };
      const name = failure.name ?? path.basename(failure.id);
      lenses.push(
        new vscode.CodeLens(range, { title: '$(wand) Fix with SelfDebug', command: 'selfdebug.fixFailingTest', arguments: [ref], tooltip: `Repair the code so that ${name} passes` }),
        new vscode.CodeLens(range, { title: 'Explain failure', command: 'selfdebug.explainFailure', arguments: [ref], tooltip: failure.message.split('\n')[0] }),
        new vscode.CodeLens(range, { title: 'Rerun', command: 'selfdebug.rerunTest', arguments: [ref], tooltip: `Run ${name} again` }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
