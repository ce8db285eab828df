// "SelfDebug: Localize Fault": from the failing test under the cursor, the folder's last failing
// tests, or a description typed by the user, to ranked suspects in a quick pick (with reasons)
// that opens the chosen one, and in the Suspects tree view.
import path from 'node:path';
import * as vscode from 'vscode';
import type { RankedSuspect } from '../../core/localize/types';
import type { TestFailure, TestRef } from '../../core/testing/types';
import type { Feature } from '../feature';
import type { Services } from '../services';
import { LocalizeServiceImpl } from './service';
import { OPEN_SUSPECT_COMMAND, SuspectsView, openSuspect } from './suspectsView';

type Source = { kind: 'failures'; failures: TestFailure[]; title: string } | { kind: 'query'; text: string; title: string };

function isTestRef(value: unknown): value is TestRef {
  return !!value && typeof value === 'object' && typeof (value as TestRef).folder === 'string' && typeof (value as TestRef).testId === 'string';
}

async function chooseFolder(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const owning = active && vscode.workspace.getWorkspaceFolder(active);
  if (owning) return owning.uri.fsPath;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri.fsPath;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Localize a fault in which folder?' }))?.uri.fsPath;
}

/** The failing test whose start is nearest above the cursor in the active editor. */
function failureAtCursor(folder: string, failures: TestFailure[]): TestFailure | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const file = path.relative(folder, editor.document.uri.fsPath).split(path.sep).join('/');
  const cursor = editor.selection.active.line + 1;
  return failures
    .filter((f) => f.file === file && f.line > 0 && f.line <= cursor)
    .sort((a, b) => b.line - a.line)[0];
}

async function askForDescription(): Promise<Source | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'SelfDebug: Localize Fault',
    prompt: 'Describe the bug (what happens, what you expected)',
    placeHolder: 'e.g. the cart total ignores the coupon when the subtotal is exactly the minimum',
    ignoreFocusOut: true,
  });
  return text?.trim() ? { kind: 'query', text: text.trim(), title: `“${text.trim().slice(0, 60)}”` } : undefined;
}

async function chooseSource(services: Services, folder: string, arg: unknown): Promise<Source | undefined> {
  const testing = services.tryGet('testing');
  if (isTestRef(arg)) {
    const failure = testing?.failure(arg);
    if (failure) return { kind: 'failures', failures: [failure], title: failure.id };
  }
  const failures = testing?.results(folder)?.failures ?? [];
  const atCursor = failureAtCursor(folder, failures);
  if (atCursor) return { kind: 'failures', failures: [atCursor], title: atCursor.id };
  if (!failures.length) return askForDescription();
  type Choice = vscode.QuickPickItem & { source?: Source; describe?: boolean };
  const items: Choice[] = [
    { label: `$(testing-error-icon) All ${failures.length} failing test${failures.length === 1 ? '' : 's'}`, source: { kind: 'failures', failures, title: `${failures.length} failing tests` } },
    ...failures.map((f) => ({ label: `$(testing-failed-icon) ${f.id}`, detail: f.message.split('\n')[0], source: { kind: 'failures' as const, failures: [f], title: f.id } })),
    { label: '$(edit) Describe the bug instead…', describe: true },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'SelfDebug: Localize Fault', placeHolder: 'Localize from which failure?', matchOnDetail: true });
  if (!choice) return undefined;
  return choice.describe ? askForDescription() : choice.source;
}

async function pickSuspect(folder: string, suspects: RankedSuspect[], title: string): Promise<void> {
  if (!suspects.length) {
    void vscode.window.showInformationMessage(`SelfDebug: no suspects for ${title}.`);
    return;
  }
  const items = suspects.map((s, i) => ({
    label: `${i + 1}. $(symbol-method) ${s.symbol}`,
    description: `${s.file}:${s.startLine}  ${s.score.toFixed(3)}`,
    detail: s.why,
    suspect: s,
  }));
  const choice = await vscode.window.showQuickPick(items, { title: `SelfDebug: suspects for ${title}`, matchOnDescription: true, matchOnDetail: true });
  if (choice) await openSuspect(folder, choice.suspect);
}

export const localizeFeature: Feature = {
  name: 'localize',
  activate(services: Services) {
    const service = new LocalizeServiceImpl(services, services.logger);
    const view = new SuspectsView();
    services.provide('localize', service);
    services.subscribe(
      service,
      view,
      service.onDidLocalize(({ folder, suspects, title }) => view.show(folder, suspects, title)),
      vscode.commands.registerCommand(OPEN_SUSPECT_COMMAND, (folder: string, suspect: RankedSuspect) => openSuspect(folder, suspect)),
    );
    return {
      'selfdebug.localizeFault': async (arg?: unknown) => {
        const folder = isTestRef(arg) ? arg.folder : await chooseFolder();
        if (!folder) {
          void vscode.window.showInformationMessage('SelfDebug: open a folder to localize a fault in it.');
          return undefined;
        }
        const source = await chooseSource(services, folder, arg);
        if (!source) return undefined;
        const suspects = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `SelfDebug: localizing ${source.title}`, cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            const subscription = token.onCancellationRequested(() => controller.abort(new Error('Cancelled')));
            const reporter = { report: (message: string) => progress.report({ message }) };
            try {
              return source.kind === 'failures'
                ? await service.localizeFailures(folder, source.failures, controller.signal, reporter)
                : await service.localizeQuery(folder, source.text, controller.signal, reporter);
            } finally {
              subscription.dispose();
            }
          },
        );
        service.publish(folder, suspects, source.title);
        await pickSuspect(folder, suspects, source.title);
        return suspects;
      },
    };
  },
};
