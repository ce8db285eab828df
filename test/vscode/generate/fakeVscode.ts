// The parts of the `vscode` API the generate feature's lenses and targets use: documents, one
// workspace folder, the active editor and recorded warnings. Loaded with vi.mock('vscode', ...).
import path from 'node:path';

export class EventEmitter<T> {
  private listeners: ((value: T) => unknown)[] = [];
  event = (listener: (value: T) => unknown) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number, b: number, c: number, d: number) {
    this.start = new Position(a, b);
    this.end = new Position(c, d);
  }
}

export class Selection extends Range {
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

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
