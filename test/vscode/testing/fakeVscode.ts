// A small stand-in for the parts of the `vscode` API the testing adapter uses: a test controller
// that records runs and outcomes, tasks whose CustomExecution is opened like VS Code opens it,
// code lens providers, documents, workspace trust and folders, and recorded notifications.
// Loaded with vi.mock('vscode', ...).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export { CodeLens, EventEmitter, Position, Range, Uri } from '../support/fakeBasics';
import { CodeLens, EventEmitter, Position, Range, Uri } from '../support/fakeBasics';

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Position | Range,
  ) {}
}

export class TestMessage {
  expectedOutput?: string;
  actualOutput?: string;
  location?: Location;
  stackTrace?: TestMessageStackFrame[];
  constructor(readonly message: string) {}
  static diff(message: string, expected: string, actual: string): TestMessage {
    const m = new TestMessage(message);
    m.expectedOutput = expected;
    m.actualOutput = actual;
    return m;
  }
}

export class TestMessageStackFrame {
  constructor(
    readonly label: string,
    readonly uri?: Uri,
    readonly position?: Position,
  ) {}
}

export class TestRunRequest {
  constructor(readonly include?: FakeTestItem[]) {}
}

export enum TestRunProfileKind {
  Run = 1,
  Debug = 2,
  Coverage = 3,
}

export class TestCoverageCount {
  constructor(
    readonly covered: number,
    readonly total: number,
  ) {}
}

export class FileCoverage {
  constructor(
    readonly uri: Uri,
    readonly statementCoverage: TestCoverageCount,
    readonly branchCoverage?: unknown,
    readonly declarationCoverage?: unknown,
    readonly includesTests?: FakeTestItem[],
  ) {}
}

export class StatementCoverage {
  constructor(
    readonly executed: number | boolean,
    readonly location: Position | Range,
  ) {}
}

export interface FakeRunProfile {
  label: string;
  kind: TestRunProfileKind;
  handler: (request: TestRunRequest, token: unknown) => Promise<void>;
  loadDetailedCoverage?: (run: FakeTestRun, coverage: FileCoverage, token?: unknown) => Promise<StatementCoverage[]>;
  loadDetailedCoverageForTest?: (run: FakeTestRun, coverage: FileCoverage, item: FakeTestItem, token?: unknown) => Promise<StatementCoverage[]>;
  dispose(): void;
}

class ItemCollection {
  private readonly map = new Map<string, FakeTestItem>();
  constructor(private readonly owner?: FakeTestItem) {}
  add(item: FakeTestItem): void {
    item.parent = this.owner;
    this.map.set(item.id, item);
  }
  get(id: string): FakeTestItem | undefined {
    return this.map.get(id);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
  forEach(callback: (item: FakeTestItem) => void): void {
    for (const item of [...this.map.values()]) callback(item);
  }
  get size(): number {
    return this.map.size;
  }
  all(): FakeTestItem[] {
    return [...this.map.values()];
  }
}

export class FakeTestItem {
  readonly children: ItemCollection = new ItemCollection(this);
  parent?: FakeTestItem;
  range?: Range;
  canResolveChildren = false;
  constructor(
    readonly id: string,
    readonly label: string,
    readonly uri?: Uri,
  ) {}
}

export interface Outcome {
  item: FakeTestItem;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: TestMessage;
  duration?: number;
}

export class FakeTestRun {
  readonly outcomes: Outcome[] = [];
  output = '';
  ended = false;
  constructor(
    readonly request: TestRunRequest,
    readonly name?: string,
  ) {}
  appendOutput(text: string): void {
    this.output += text;
  }
  passed(item: FakeTestItem, duration?: number): void {
    this.outcomes.push({ item, state: 'passed', duration });
  }
  skipped(item: FakeTestItem): void {
    this.outcomes.push({ item, state: 'skipped' });
  }
  failed(item: FakeTestItem, message: TestMessage, duration?: number): void {
    this.outcomes.push({ item, state: 'failed', message, duration });
  }
  errored(item: FakeTestItem, message: TestMessage, duration?: number): void {
    this.outcomes.push({ item, state: 'errored', message, duration });
  }
  readonly coverage: FileCoverage[] = [];
  addCoverage(coverage: FileCoverage): void {
    this.coverage.push(coverage);
  }
  end(): void {
    this.ended = true;
  }
}

export class FakeTestController {
  readonly items = new ItemCollection();
  readonly runs: FakeTestRun[] = [];
  readonly profiles: FakeRunProfile[] = [];
  resolveHandler?: (item: FakeTestItem | undefined) => Promise<void>;
  constructor(
    readonly id: string,
    readonly label: string,
  ) {}
  createTestItem(id: string, label: string, uri?: Uri): FakeTestItem {
    // As VS Code: \0 separates the parts of its internal test ids.
    if (id.includes('\0')) throw new Error(`Test IDs may not include the ${JSON.stringify(id)} symbol`);
    return new FakeTestItem(id, label, uri);
  }
  createTestRun(request: TestRunRequest, name?: string): FakeTestRun {
    const run = new FakeTestRun(request, name);
    this.runs.push(run);
    return run;
  }
  createRunProfile(label: string, kind: TestRunProfileKind, handler: (request: TestRunRequest, token: unknown) => Promise<void>): FakeRunProfile {
    const profile: FakeRunProfile = { label, kind, handler, dispose() {} };
    this.profiles.push(profile);
    return profile;
  }
  dispose(): void {}
}

// Tasks ------------------------------------------------------------------------------------

export enum TaskScope {
  Workspace = 2,
}
export enum TaskRevealKind {
  Always = 1,
}
export enum TaskPanelKind {
  Dedicated = 2,
}
export const TaskGroup = { Test: { id: 'test' } };

export class CustomExecution {
  constructor(readonly callback: () => Promise<Pseudoterminal>) {}
}

interface Pseudoterminal {
  onDidWrite: (listener: (text: string) => void) => unknown;
  onDidClose?: (listener: (code: number) => void) => unknown;
  open(): void;
  close(): void;
}

export class Task {
  presentationOptions?: unknown;
  group?: unknown;
  isBackground?: boolean;
  constructor(
    readonly definition: { type: string; [key: string]: unknown },
    readonly scope: unknown,
    readonly name: string,
    readonly source: string,
    readonly execution: CustomExecution,
  ) {}
}

/** A task as the terminal panel saw it: what it printed, and its exit code once closed. */
export interface ShownTask {
  name: string;
  definition: Task['definition'];
  text: string;
  exitCode?: number;
  terminal: Pseudoterminal;
}

// State ------------------------------------------------------------------------------------

export class FakeDocument {
  constructor(
    readonly uri: Uri,
    private text: string,
  ) {}
  getText(): string {
    return this.text;
  }
  get lineCount(): number {
    return this.text.split('\n').length;
  }
  setText(text: string): void {
    this.text = text;
  }
}

export const fake = {
  controllers: [] as FakeTestController[],
  tasks: [] as ShownTask[],
  /** Delay before VS Code "opens" a task's terminal (writes before it must be kept). */
  openDelayMs: 20,
  codeLensProviders: [] as { provideCodeLenses(doc: FakeDocument): CodeLens[]; onDidChangeCodeLenses?: (l: () => void) => unknown }[],
  messages: [] as { level: string; text: string }[],
  answers: [] as (string | undefined)[],
  executed: [] as { command: string; args: unknown[] }[],
  watchers: [] as FakeFileSystemWatcher[],
  /** Documents open in editors, and their events (fire them to simulate the user). */
  openDocuments: [] as FakeDocument[],
  documentOpened: new EventEmitter<FakeDocument>(),
  documentChanged: new EventEmitter<{ document: FakeDocument }>(),
  statusBar: [] as string[],
  trusted: true,
  folders: [] as { uri: Uri; name: string; index: number }[],
  activeEditor: undefined as { document: FakeDocument; selection: { active: Position } } | undefined,
  reset(): void {
    this.controllers = [];
    this.tasks = [];
    this.codeLensProviders = [];
    this.messages = [];
    this.answers = [];
    this.executed = [];
    this.watchers = [];
    this.openDocuments = [];
    this.documentOpened = new EventEmitter<FakeDocument>();
    this.documentChanged = new EventEmitter<{ document: FakeDocument }>();
    this.statusBar = [];
    this.trusted = true;
    this.folders = [];
    this.activeEditor = undefined;
  },
  document(file: string): FakeDocument {
    return new FakeDocument(Uri.file(file), readFileSync(file, 'utf8'));
  },
  lenses(doc: FakeDocument): CodeLens[] {
    return this.codeLensProviders.flatMap((p) => p.provideCodeLenses(doc));
  },
};

export const tests = {
  createTestController(id: string, label: string): FakeTestController {
    const controller = new FakeTestController(id, label);
    fake.controllers.push(controller);
    return controller;
  },
};

export const tasks = {
  async executeTask(task: Task): Promise<unknown> {
    const terminal = await task.execution.callback();
    const shown: ShownTask = { name: task.name, definition: task.definition, text: '', terminal };
    fake.tasks.push(shown);
    terminal.onDidWrite((text) => (shown.text += text));
    terminal.onDidClose?.((code) => (shown.exitCode = code));
    setTimeout(() => terminal.open(), fake.openDelayMs);
    return { task };
  },
};

export const workspace = {
  get isTrusted(): boolean {
    return fake.trusted;
  },
  get workspaceFolders() {
    return fake.folders;
  },
  getWorkspaceFolder(uri: Uri) {
    return fake.folders.find((f) => !path.relative(f.uri.fsPath, uri.fsPath).startsWith('..'));
  },
  getConfiguration() {
    return { get: () => undefined };
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      return readFileSync(uri.fsPath);
    },
  },
  get textDocuments(): FakeDocument[] {
    return fake.openDocuments;
  },
  onDidOpenTextDocument: (listener: (document: FakeDocument) => void) => fake.documentOpened.event(listener),
  onDidChangeTextDocument: (listener: (event: { document: FakeDocument }) => void) => fake.documentChanged.event(listener),
  createFileSystemWatcher(glob: string) {
    const watcher = new FakeFileSystemWatcher(glob);
    fake.watchers.push(watcher);
    return watcher;
  },
};

/** A file-system watcher whose events the test fires. */
export class FakeFileSystemWatcher {
  readonly created = new EventEmitter<Uri>();
  readonly changed = new EventEmitter<Uri>();
  readonly deleted = new EventEmitter<Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidChange = this.changed.event;
  readonly onDidDelete = this.deleted.event;
  disposed = false;
  constructor(readonly glob: string) {}
  dispose(): void {
    this.disposed = true;
  }
}

function message(level: string) {
  return async (text: string) => {
    fake.messages.push({ level, text });
    return fake.answers.shift();
  };
}

export const window = {
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  setStatusBarMessage(text: string) {
    fake.statusBar.push(text);
    return { dispose() {} };
  },
  async showWorkspaceFolderPick() {
    return fake.folders[0];
  },
  get activeTextEditor() {
    return fake.activeEditor;
  },
};

export const commands = {
  async executeCommand(command: string, ...args: unknown[]) {
    fake.executed.push({ command, args });
  },
};

export const languages = {
  registerCodeLensProvider(_selector: unknown, provider: (typeof fake.codeLensProviders)[number]) {
    fake.codeLensProviders.push(provider);
    return { dispose: () => (fake.codeLensProviders = fake.codeLensProviders.filter((p) => p !== provider)) };
  },
};
