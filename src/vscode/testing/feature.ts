// The testing feature: the `testing` service, the Test Explorer controller, the code lenses on
// failing tests, and the commands "SelfDebug: Run Tests" and "Rerun" (Fix and Explain belong to
// the repair feature; the lenses only pass them a TestRef).
import * as vscode from 'vscode';
import { disposeSandboxes, TestSetupError } from '../../core/testing/runTests';
import { fileOfTestId, normalizeTestFile } from '../../core/testing/testIds';
import type { TestRef, TestRunResult } from '../../core/testing/types';
import type { Feature } from '../feature';
import type { Services } from '../services';
import { FailingTestCodeLenses, currentLine } from './codeLens';
import { CoverageProfile } from './coverageProfile';
import { TestingServiceImpl, UntrustedWorkspaceError, type RunRequest } from './service';
import { TestFileDiscovery } from './discovery';
import { TestItems } from './testItems';

export type { TestingService } from './service';

/** The workspace folder to run: the given file's, the active editor's, the only one, or the user's pick. */
async function chooseFolder(uri?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const from = uri ?? vscode.window.activeTextEditor?.document.uri;
  const owning = from && vscode.workspace.getWorkspaceFolder(from);
  if (owning) return owning;
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Run the tests of which folder?' });
}

function isTestRef(value: unknown): value is TestRef {
  return !!value && typeof value === 'object' && typeof (value as TestRef).folder === 'string' && typeof (value as TestRef).testId === 'string';
}

function summary(result: TestRunResult): string {
  const parts = [`${result.passed} passed`, `${result.failed} failed`];
  if (result.errors) parts.push(`${result.errors} errors`);
  if (result.skipped) parts.push(`${result.skipped} skipped`);
  return `${result.framework}: ${parts.join(', ')}`;
}

export const testingFeature: Feature = {
  name: 'testing',
  activate(services: Services) {
    const controller = vscode.tests.createTestController('selfdebug', 'SelfDebug');
    const items = new TestItems(controller);
    const service = new TestingServiceImpl(services, services.logger, items);
    const lenses = new FailingTestCodeLenses(service);
    const discovery = new TestFileDiscovery(items, (scope) => services.config(scope), services.logger);
    services.provide('testing', service);
    // VS Code asks for the top-level items when the Test Explorer is first shown, and for a
    // file's tests when the user expands it.
    controller.resolveHandler = async (item) => {
      if (!item) await discovery.discover();
      else await discovery.resolve(item);
    };
    // Open test files get their gutter run buttons without waiting for the Test Explorer.
    void discovery.discover();

    /** Runs for the user, tells them what happened (and why nothing ran, when nothing could). */
    const runForUser = async (request: RunRequest): Promise<TestRunResult | undefined> => {
      try {
        const result = await service.run(request);
        if (result.runnerError) {
          const choice = await vscode.window.showErrorMessage(`SelfDebug could not run the ${result.framework} tests: ${result.runnerError}`, 'Show Log');
          if (choice === 'Show Log') services.output.show(true);
        } else {
          vscode.window.setStatusBarMessage(`$(beaker) SelfDebug ${summary(result)}`, 10_000);
          if (result.collectionErrors.length) {
            const first = result.collectionErrors[0]!;
            void vscode.window.showWarningMessage(`SelfDebug: ${first.file ? `${first.file}: ` : ''}${first.message.split('\n')[0]}${result.collectionErrors.length > 1 ? ` (and ${result.collectionErrors.length - 1} more)` : ''}`);
          }
        }
        return result;
      } catch (error) {
        if (error instanceof UntrustedWorkspaceError) {
          const choice = await vscode.window.showWarningMessage(error.message, 'Manage Workspace Trust');
          if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
          return undefined;
        }
        if (error instanceof TestSetupError) {
          void vscode.window.showWarningMessage(`SelfDebug: ${error.message}`);
          return undefined;
        }
        throw error;
      }
    };

    /** What the Test Explorer asked for, per folder: files, tests, or everything. */
    const selection = (request: vscode.TestRunRequest) => {
      const byFolder = new Map<string, { files: Set<string>; testIds: Set<string>; all: boolean }>();
      const targets = request.include?.map((item) => items.target(item)).filter((t) => t !== undefined) ?? [];
      if (!request.include) for (const folder of vscode.workspace.workspaceFolders ?? []) if (folder.uri.scheme === 'file') byFolder.set(folder.uri.fsPath, { files: new Set(), testIds: new Set(), all: true });
      for (const target of targets) {
        const entry = byFolder.get(target.folder) ?? { files: new Set<string>(), testIds: new Set<string>(), all: false };
        if (target.testId) entry.testIds.add(target.testId);
        else entry.files.add(target.file);
        byFolder.set(target.folder, entry);
      }
      return byFolder;
    };

    // Test Explorer: run what the user selected (a file, a suite, a test) or everything.
    controller.createRunProfile(
      'Run with SelfDebug',
      vscode.TestRunProfileKind.Run,
      async (request, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          for (const [folder, entry] of selection(request)) {
            const base = { folder, signal: abort.signal, testRunRequest: request };
            if (entry.all) await runForUser(base);
            for (const file of entry.files) await runForUser({ ...base, file });
            if (entry.testIds.size) await runForUser({ ...base, testIds: [...entry.testIds] });
          }
        } finally {
          cancel.dispose();
        }
      },
      true,
    );

    // Coverage is measured per test file: a selected test runs with the rest of its file.
    const coverage = new CoverageProfile(controller, items, (scope) => services.config(scope), services.logger);
    const coverageRunProfile = coverage.register((request) =>
      [...selection(request)].map(([folder, entry]) => ({
        folder,
        files: entry.all ? [] : [...new Set([...entry.files, ...[...entry.testIds].map(fileOfTestId)])].sort(),
      })),
    );

    services.subscribe(
      coverageRunProfile,
      controller,
      service,
      lenses,
      discovery,
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
      service.onDidChangeResults(() => lenses.refresh()),
      { dispose: () => void disposeSandboxes() },
    );

    return {
      'selfdebug.runTests': async (arg?: unknown) => {
        // From the palette: everything; from the explorer/editor (a Uri): that file; from code: { folder, file?, testIds? }.
        if (isTestRef(arg)) return runForUser({ folder: arg.folder, testIds: [arg.testId] });
        if (arg && typeof arg === 'object' && typeof (arg as RunRequest).folder === 'string' && !(arg instanceof vscode.Uri)) {
          const request = arg as RunRequest;
          return runForUser({ folder: request.folder, file: request.file, testIds: request.testIds });
        }
        const uri = arg instanceof vscode.Uri ? arg : undefined;
        const folder = await chooseFolder(uri);
        if (!folder) {
          void vscode.window.showInformationMessage('SelfDebug: open a folder with tests to run them.');
          return undefined;
        }
        const file = uri && uri.fsPath !== folder.uri.fsPath ? normalizeTestFile(folder.uri.fsPath, uri.fsPath) : undefined;
        return runForUser({ folder: folder.uri.fsPath, file });
      },
      'selfdebug.rerunTest': async (ref?: TestRef) => {
        const target = isTestRef(ref) ? ref : failingTestAtCursor(service);
        if (!target) {
          void vscode.window.showInformationMessage('SelfDebug: put the cursor in a failing test (or use the Rerun code lens above it).');
          return undefined;
        }
        return runForUser({ folder: target.folder, testIds: [target.testId] });
      },
    };
  },
};

/** The failing test whose code lens line is nearest above the cursor, in the active editor. */
function failingTestAtCursor(service: TestingServiceImpl): TestRef | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const found = service.failuresFor(editor.document.uri);
  if (!found) return undefined;
  const cursor = editor.selection.active.line + 1;
  const text = editor.document.getText();
  const above = found.failures.map((failure) => ({ failure, line: currentLine(text, found.framework, failure) })).filter((f) => f.line <= cursor);
  const nearest = above.sort((a, b) => b.line - a.line)[0];
  if (!nearest) return undefined;
  return { folder: found.folder, testId: nearest.failure.id, file: nearest.failure.file, line: nearest.line };
}
