// The parts of the `vscode` API the generate feature's lenses and targets use: documents, one
// workspace folder, the active editor and recorded warnings. Loaded with vi.mock('vscode', ...).
import path from 'node:path';

export { CodeLens, EventEmitter, Position, Range, Selection, Uri } from '../support/fakeBasics';
import { Selection, Uri } from '../support/fakeBasics';

export function textDocument(fsPath: string, text: string) {
  const lines = text.split('\n');
  return { uri: Uri.file(fsPath), getText: () => text, lineCount: lines.length, lineAt: (line: number) => ({ text: lines[line] ?? '' }) };
}

export const state = {
  folder: '/ws',
  activeTextEditor: undefined as undefined | { document: ReturnType<typeof textDocument>; selection: Selection },
  warnings: [] as string[],
};

export const workspace = {
  get workspaceFolders() {
    return [{ uri: Uri.file(state.folder) }];
  },
  getWorkspaceFolder(uri: Uri) {
    const rel = path.relative(state.folder, uri.fsPath);
    return rel.startsWith('..') ? undefined : { uri: Uri.file(state.folder) };
  },
};

export const window = {
  get activeTextEditor() {
    return state.activeTextEditor;
  },
  showWarningMessage(message: string) {
    state.warnings.push(message);
    return Promise.resolve(undefined);
  },
};
