// A small, behaviour-faithful stand-in for the parts of the `vscode` API the review adapter uses:
// documents with versions and change events (reason included), WorkspaceEdit applied as one
// change event, editors, scripted answers to modal questions, and recorded notifications.
// Loaded with vi.mock('vscode', ...) in the adapter tests.
import { readFileSync } from 'node:fs';

export { CodeLens, EventEmitter, Position, Range, Selection, Uri } from '../support/fakeBasics';
import { CodeLens, EventEmitter, Position, Range, Selection, Uri } from '../support/fakeBasics';

export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(readonly value = '') {}
}
export class RelativePattern {
  constructor(
    readonly base: Uri,
    readonly pattern: string,
  ) {}
}

export enum EndOfLine {
  LF = 1,
  CRLF = 2,
}
export enum TextDocumentChangeReason {
  Undo = 1,
  Redo = 2,
}
export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}
export enum OverviewRulerLane {
  Left = 1,
  Center = 2,
  Right = 4,
  Full = 7,
}

interface ChangeEvent {
  document: FakeDocument;
  contentChanges: { range: Range; rangeOffset: number; rangeLength: number; text: string }[];
  reason: TextDocumentChangeReason | undefined;
}

export class FakeDocument {
  version = 1;
  isClosed = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    readonly eol = text.includes('\r\n') ? EndOfLine.CRLF : EndOfLine.LF,
  ) {}
  getText(): string {
    return this.text;
  }
  offsetAt(position: Position): number {
    const lines = this.text.split(/(?<=\r\n|\n|\r(?!\n))/);
    let offset = 0;
    for (let i = 0; i < position.line && i < lines.length; i++) offset += lines[i].length;
    return offset + position.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset);
    const lines = before.split(/\r\n|\n|\r/);
    return new Position(lines.length - 1, lines[lines.length - 1].length);
  }
  /** Replaces text and tells the listeners, as the editor does for typing, undo and our edits. */
  change(edits: { offset: number; length: number; text: string }[], reason?: TextDocumentChangeReason): void {
    // The editor reports simultaneous edits from the end of the document backwards.
    const sorted = [...edits].sort((a, b) => b.offset - a.offset);
    const contentChanges = sorted.map((e) => ({
      range: new Range(this.positionAt(e.offset), this.positionAt(e.offset + e.length)),
      rangeOffset: e.offset,
      rangeLength: e.length,
      text: e.text,
    }));
    for (const e of sorted) this.text = this.text.slice(0, e.offset) + e.text + this.text.slice(e.offset + e.length);
    this.version++;
    fake.events.change.fire({ document: this, contentChanges, reason });
  }
  /** Sets the whole text as an undo/redo would (one change over the differing middle). */
  setText(next: string, reason?: TextDocumentChangeReason): void {
    let head = 0;
    while (head < this.text.length && head < next.length && this.text[head] === next[head]) head++;
    let tail = 0;
    while (tail < this.text.length - head && tail < next.length - head && this.text[this.text.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
    this.change([{ offset: head, length: this.text.length - head - tail, text: next.slice(head, next.length - tail) }], reason);
  }
}

export class FakeEditor {
  decorations = new Map<unknown, Range[]>();
  selection = new Selection(0, 0, 0, 0);
  constructor(readonly document: FakeDocument) {}
  setDecorations(type: unknown, ranges: { range: Range }[]): void {
    this.decorations.set(type, ranges.map((r) => r.range));
  }
  revealRange(): void {}
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
}

/** Test controls: documents, editors, answers to questions, what was shown. */
export const fake = {
  documents: [] as FakeDocument[],
  editors: [] as FakeEditor[],
  active: undefined as FakeEditor | undefined,
  context: new Map<string, unknown>(),
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string; modal: boolean }[],
  /** Answers to questions with buttons, in order; undefined = dismissed. */
  answers: [] as (string | undefined)[],
  /** Runs inside applyEdit before it applies (to simulate typing that overtakes our edit). */
  beforeApply: undefined as (() => void) | undefined,
  contentProviders: new Map<string, { provideTextDocumentContent(uri: Uri): string }>(),
  codeLensProviders: [] as { provideCodeLenses(doc: FakeDocument): CodeLens[] }[],
  executed: [] as unknown[][],
  watchers: [] as { uri: string; fireDelete: (uri: Uri) => void }[],
  events: {
    change: new EventEmitter<ChangeEvent>(),
    open: new EventEmitter<FakeDocument>(),
    close: new EventEmitter<FakeDocument>(),
    willSave: new EventEmitter<{ document: FakeDocument }>(),
    rename: new EventEmitter<{ files: { oldUri: Uri; newUri: Uri }[] }>(),
    delete: new EventEmitter<{ files: Uri[] }>(),
    visible: new EventEmitter<FakeEditor[]>(),
    active: new EventEmitter<FakeEditor | undefined>(),
  },
  reset(): void {
    this.documents = [];
    this.editors = [];
    this.active = undefined;
    this.context.clear();
    this.messages = [];
    this.answers = [];
    this.beforeApply = undefined;
    this.contentProviders.clear();
    this.codeLensProviders = [];
    this.executed = [];
    this.watchers = [];
    for (const e of Object.values(this.events)) e.dispose();
  },
  /** Opens a document with this text (as if the file were open with unsaved edits). */
  open(path: string, text: string, scheme = 'file'): FakeDocument {
    const doc = new FakeDocument(Uri.file(path).with({ scheme }), text);
    this.documents.push(doc);
    this.events.open.fire(doc);
    return doc;
  },
  show(doc: FakeDocument): FakeEditor {
    let editor = this.editors.find((e) => e.document === doc);
    if (!editor) {
      editor = new FakeEditor(doc);
      this.editors.push(editor);
      this.events.visible.fire(this.editors);
    }
    this.active = editor;
    this.events.active.fire(editor);
    return editor;
  },
  close(doc: FakeDocument): void {
    doc.isClosed = true;
    this.documents = this.documents.filter((d) => d !== doc);
    this.editors = this.editors.filter((e) => e.document !== doc);
    if (this.active?.document === doc) this.active = undefined;
    this.events.visible.fire(this.editors);
    this.events.close.fire(doc);
  },
  lenses(doc: FakeDocument): string[] {
    return this.codeLensProviders.flatMap((p) => p.provideCodeLenses(doc)).map((l) => l.command?.title ?? '');
  },
  async answer(message: string, modal: boolean, level: 'info' | 'warning' | 'error'): Promise<string | undefined> {
    this.messages.push({ level, text: message, modal });
    return modal ? this.answers.shift() : undefined;
  },
};

const disposable = { dispose() {} };

export const workspace = {
  get textDocuments() {
    return fake.documents;
  },
  onDidChangeTextDocument: fake.events.change.event,
  onDidOpenTextDocument: fake.events.open.event,
  onDidCloseTextDocument: fake.events.close.event,
  onWillSaveTextDocument: fake.events.willSave.event,
  onDidRenameFiles: fake.events.rename.event,
  onDidDeleteFiles: fake.events.delete.event,
  async openTextDocument(uri: Uri): Promise<FakeDocument> {
    const open = fake.documents.find((d) => d.uri.toString() === uri.toString());
    if (open) return open;
    const text = uri.scheme === 'untitled' ? '' : readFileSync(uri.fsPath, 'utf8');
    return fake.open(uri.path, text, uri.scheme);
  },
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    const byDoc = new Map<FakeDocument, { offset: number; length: number; text: string }[]>();
    const versions = new Map<FakeDocument, number>();
    for (const e of edit.edits) {
      const doc = fake.documents.find((d) => d.uri.toString() === e.uri.toString());
      if (!doc) return false;
      versions.set(doc, doc.version);
      const offset = doc.offsetAt(e.range.start);
      const list = byDoc.get(doc) ?? [];
      list.push({ offset, length: doc.offsetAt(e.range.end) - offset, text: e.text });
      byDoc.set(doc, list);
    }
    fake.beforeApply?.();
    // Like VS Code: refuse when a document changed since the edit was made.
    for (const [doc, version] of versions) if (doc.version !== version) return false;
    for (const [doc, list] of byDoc) doc.change(list);
    return true;
  },
  createFileSystemWatcher(pattern: RelativePattern) {
    const emitter = new EventEmitter<Uri>();
    fake.watchers.push({ uri: `${pattern.base.path}/${pattern.pattern}`, fireDelete: (uri) => emitter.fire(uri) });
    return { onDidDelete: emitter.event, dispose() {} };
  },
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): string }) {
    fake.contentProviders.set(scheme, provider);
    return disposable;
  },
};

export const window = {
  get activeTextEditor() {
    return fake.active;
  },
  get visibleTextEditors() {
    return fake.editors;
  },
  onDidChangeVisibleTextEditors: fake.events.visible.event,
  onDidChangeActiveTextEditor: fake.events.active.event,
  async showTextDocument(docOrUri: FakeDocument | Uri): Promise<FakeEditor> {
    const doc = docOrUri instanceof FakeDocument ? docOrUri : await workspace.openTextDocument(docOrUri);
    return fake.show(doc);
  },
  showInformationMessage: (m: string, ...rest: unknown[]) => fake.answer(m, isModal(rest), 'info'),
  showWarningMessage: (m: string, ...rest: unknown[]) => fake.answer(m, isModal(rest), 'warning'),
  showErrorMessage: (m: string, ...rest: unknown[]) => fake.answer(m, isModal(rest), 'error'),
  setStatusBarMessage: (m: string) => {
    fake.messages.push({ level: 'info', text: m, modal: false });
    return disposable;
  },
  createTextEditorDecorationType: (options: unknown) => ({ options, dispose() {} }),
};

function isModal(rest: unknown[]): boolean {
  const first = rest[0];
  return typeof first === 'object' && first !== null && (first as { modal?: boolean }).modal === true;
}

export const commands = {
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    fake.executed.push([command, ...args]);
    if (command === 'setContext') fake.context.set(args[0] as string, args[1]);
    return undefined;
  },
  registerCommand: () => disposable,
};

export const languages = {
  registerCodeLensProvider(_selector: unknown, provider: { provideCodeLenses(doc: FakeDocument): CodeLens[] }) {
    fake.codeLensProviders.push(provider);
    return disposable;
  },
};

/** A Memento kept in memory (workspaceState). */
export class FakeMemento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? structuredClone(this.values.get(key)) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
}
